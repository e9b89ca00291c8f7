/**
 * Text conversions between Slack and the rest of Dossier: Slack's message
 * syntax in (mentions, links, HTML entities), Slack mrkdwn out. Slack mrkdwn is
 * not Markdown: `*bold*`, `_italic_`, `<url|label>`, and `&`, `<`, `>` must be
 * escaped. https://api.slack.com/reference/surfaces/formatting
 */

/** Escape the three characters Slack treats as control characters in text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const BOLD = '\u0001';

/** Convert the Markdown an answerer may produce into Slack mrkdwn; code is kept verbatim (escaped). */
export function markdownToMrkdwn(markdown: string): string {
  return markdown
    .split(/(```[\s\S]*?```|`[^`\n]+`)/)
    .map((segment, i) => (i % 2 === 1 ? escapeMrkdwn(segment) : convertProse(escapeMrkdwn(segment))))
    .join('');
}

function convertProse(text: string): string {
  return text
    .replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm, `${BOLD}$1${BOLD}`)
    .replace(/^([ \t]*)[-*+][ \t]+/gm, '$1• ')
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)([\s\S]*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1_$2_')
    .replace(/~~(?=\S)([^~\n]*?\S)~~/g, '~$1~')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '<$2|$1>')
    .replaceAll(BOLD, '*');
}

/**
 * Plain text from Slack's message syntax: mentions, channels and links made
 * readable, entities decoded, whitespace collapsed.
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)\|([^>]+)>/g, '@$2')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, '$1')
    .replace(/<([^|>\s]+)\|([^>]+)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The question in a message addressed to the bot: its own mention removed
 * (or, when its user id is unknown, a leading mention), the rest made plain.
 */
export function questionFromSlackText(text: string, botUserId?: string): string {
  const stripped = botUserId
    ? text.replace(new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, 'g'), ' ')
    : text.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/, ' ');
  return slackTextToPlain(stripped);
}

/** Whether a message's text mentions the given user. */
export function mentionsUser(text: string, userId: string): boolean {
  return new RegExp(`<@${escapeRegExp(userId)}(?:\\|[^>]*)?>`).test(text);
}

/** Shorten to at most `max` characters at a word boundary, marking the cut with `…`. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = flat.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * Split text into parts of at most `limit` characters, preferring paragraph,
 * then line, then sentence, then word boundaries; a hard cut only when a
 * single word is longer than the limit.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut = lastBreak(window, /\n{2,}/g, limit) ?? lastBreak(window, /\n/g, limit) ?? lastBreak(window, /(?<=[.!?…:;])\s+/g, limit) ?? lastBreak(window, /\s+/g, limit);
    const [end, next] = cut ?? [limit, limit];
    parts.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(next).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The last separator match that ends a part of a useful length: [part end, next part start]. */
function lastBreak(window: string, separator: RegExp, limit: number): [number, number] | null {
  let best: [number, number] | null = null;
  for (const m of window.matchAll(separator)) {
    if (m.index > limit * 0.3 && m.index <= limit) best = [m.index, m.index + m[0].length];
  }
  return best;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
