import type { StreamEvent } from '../core/stream.js';
import type { Citation } from '../core/types.js';
import { ChatClientError, type ChatClient } from './chat-client.js';
import { historyOf, type ChatMessage, type Conversation } from './conversation-store.js';
import { el, icon, ICONS } from './dom.js';
import { citationLabel, renderAnswerText } from './render-answer.js';
import { answerFoot } from './answer-foot.js';
import { answerWithFootnotes, sourcesView } from './sources-view.js';
import { WIDGET_CSS } from './styles.js';
import { tableActions, tableElement, tableView, type TableData } from './table-view.js';
import { createDocumentDirectory, sendFeedback, type DocumentDirectory } from './widget-api.js';
import type { WidgetConfig } from './widget-config.js';

/** Answer text longer than this is folded to its lead when a table carries the rows. */
const LONG_TEXT = 360;

/** A random id for an answer (feedback refers to it). */
function newId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `a${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export interface ChatWidgetOptions {
  config: WidgetConfig;
  client: ChatClient;
  store: { load(): Conversation; save(conversation: Conversation): void };
  /** Titles and links of the documents sources open (default: fetched from the server). */
  directory?: DocumentDirectory;
}

/**
 * Mount the launcher and chat panel into `host`'s shadow root. All text from
 * the server is inserted as text nodes (see `dom.ts`); the shadow root keeps
 * host-page CSS out and the widget's CSS in.
 */
export function mountChatWidget(host: HTMLElement, { config, client, store, directory = createDocumentDirectory({ apiBase: config.apiBase }) }: ChatWidgetOptions) {
  const shadow = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el('style', {}, WIDGET_CSS));
  }

  const state: Conversation = store.load();
  let controller: AbortController | undefined;
  let live: { message: ChatMessage; view: MessageView } | undefined;
  const save = () => store.save(state);

  // ---- static structure -------------------------------------------------
  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-controls': 'dw-panel', 'aria-expanded': 'false', 'aria-label': `Open chat: ${config.title}` }, icon(...ICONS.chat));
  const newButton = el('button', { class: 'icon-btn', type: 'button', 'aria-label': 'New conversation', title: 'New conversation' }, icon(...ICONS.reset));
  const closeButton = el('button', { class: 'icon-btn', type: 'button', 'aria-label': 'Close chat', title: 'Close' }, icon(...ICONS.close));
  const list = el('div', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' });
  const status = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const input = el('textarea', { class: 'input', id: 'dw-input', rows: '1', placeholder: 'Ask about the report…', 'aria-describedby': 'dw-hint', autocomplete: 'off' });
  const sendButton = el('button', { class: 'send', type: 'submit', 'aria-label': 'Send question', title: 'Send' }, icon(...ICONS.send));
  const stopButton = el('button', { class: 'stop', type: 'button', 'aria-label': 'Stop answering', title: 'Stop', hidden: true }, icon(...ICONS.stop));
  const form = el('form', { class: 'composer' }, el('label', { class: 'sr-only', for: 'dw-input' }, 'Your question'), input, sendButton, stopButton);
  const panel = el(
    'section',
    { class: 'panel', id: 'dw-panel', role: 'dialog', 'aria-labelledby': 'dw-title', hidden: true },
    el(
      'header',
      { class: 'header' },
      el('span', { class: 'logo' }, icon(...ICONS.book)),
      el('div', { class: 'heading' }, el('h2', { class: 'title', id: 'dw-title' }, config.title), el('p', { class: 'subtitle' }, 'Cited answers from the report')),
      newButton,
      closeButton,
    ),
    list,
    status,
    form,
    el('p', { class: 'hint', id: 'dw-hint' }, 'Enter to send · Shift+Enter for a new line'),
  );
  const root = el('div', { class: 'root', 'data-theme': config.theme, 'data-position': config.position }, panel, launcher);
  if (config.accent) {
    root.style.setProperty('--dw-accent', config.accent);
    root.style.setProperty('--dw-accent-fg', '#ffffff');
  }
  shadow.appendChild(root);

  // ---- rendering --------------------------------------------------------
  interface MessageView {
    node: HTMLElement;
    message: ChatMessage;
    update(): void;
  }

  const announce = (message: string) => {
    status.textContent = message;
  };

  /** Clipboard API where allowed (secure contexts), else a hidden textarea and execCommand. */
  const copyText = async (text: string): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = el('textarea', { class: 'copy-buffer', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
      area.value = text;
      root.append(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      area.remove();
      return ok;
    }
  };

  /** The whole table, full width, over the page; Escape or the close button returns to the answer. */
  const expandTable = (table: TableData, opener: HTMLElement | null) => {
    const close = el('button', { class: 'icon-btn', type: 'button', 'aria-label': 'Close the table', title: 'Close' }, icon(...ICONS.close));
    const n = table.rows.length;
    const overlay = el(
      'div',
      { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': `Table: ${table.title || 'result'}` },
      el(
        'div',
        { class: 'overlay-head' },
        el('div', { class: 'overlay-heading' }, el('h2', { class: 'overlay-title' }, table.title || 'Result'), el('span', { class: 'table-count' }, `${n} ${n === 1 ? 'row' : 'rows'}`)),
        el('div', { class: 'table-actions' }, ...tableActions(table, { copy: copyText, announce })),
        close,
      ),
      el('div', { class: 'table-scroll full', tabindex: '0', role: 'region', 'aria-label': `All ${n} rows` }, tableElement(table)),
    );
    const dismiss = () => {
      overlay.remove();
      opener?.focus();
    };
    close.addEventListener('click', dismiss);
    overlay.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        dismiss();
      } else if (e.key === 'Tab') {
        // A modal dialog keeps focus inside it.
        const focusable = Array.from(overlay.querySelectorAll<HTMLElement>('button, [tabindex="0"]'));
        const at = focusable.indexOf(shadow.activeElement as HTMLElement);
        const next = e.shiftKey ? (at <= 0 ? focusable.length - 1 : at - 1) : at === focusable.length - 1 ? 0 : at + 1;
        e.preventDefault();
        focusable[next]?.focus();
      }
    });
    root.append(overlay);
    close.focus();
  };

  const views: MessageView[] = [];
  let sourceSeq = 0;
  const messageView = (message: ChatMessage): MessageView => {
    if (message.role === 'user') {
      const node = el('div', { class: 'msg user' }, el('span', { class: 'sr-only' }, 'You: '), el('div', { class: 'bubble' }, message.text));
      return { node, message, update() {} };
    }
    const node = el('article', { class: 'msg assistant', 'aria-label': 'Answer' });
    const prefix = `dw-s${++sourceSeq}`;
    const sourceId = (n: number) => `${prefix}-${n}`;
    let textNode: Text | undefined;
    let showFullText = false;
    let feedbackDraft: 'helpful' | 'not_helpful' | undefined;

    const chip = (citation: Citation) => {
      const button = el(
        'button',
        { class: 'chip', type: 'button', 'aria-label': `Source ${citation.n}: ${citationLabel(citation)}`, 'aria-controls': sourceId(citation.n), 'aria-expanded': 'false', 'data-n': String(citation.n) },
        String(citation.n),
      );
      button.addEventListener('click', () => {
        const target = shadow.getElementById(sourceId(citation.n));
        const details = target?.closest('details') as HTMLDetailsElement | null | undefined;
        if (!target || !details) return;
        details.open = true;
        target.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
        const focusable = target === details ? details.querySelector('summary') : target;
        if (focusable instanceof HTMLElement) {
          if (focusable !== details.querySelector('summary')) focusable.tabIndex = -1;
          focusable.focus({ preventScroll: true });
        }
        target.classList.add('flash');
        setTimeout(() => target.classList.remove('flash'), 1200);
      });
      return button;
    };

    const feedbackView = () =>
      answerFoot({
        message,
        idPrefix: prefix,
        draft: feedbackDraft,
        setDraft(rating) {
          feedbackDraft = rating;
          view.update();
          const form = node.querySelector<HTMLFormElement>('.feedback-form');
          form?.scrollIntoView({ block: 'nearest' });
          form?.querySelector('textarea')?.focus({ preventScroll: true });
        },
        copyAnswer: () => copyText(answerWithFootnotes(message.text, message.citations ?? [], directory)),
        send: (payload) => sendFeedback(config.apiBase, { ...payload, ...(state.conversationId ? { conversationId: state.conversationId } : {}) }),
        sent() {
          save();
          view.update();
        },
        announce,
      });

    const view: MessageView & { appendText(text: string): void } = {
      node,
      message,
      appendText(text) {
        if (textNode) textNode.appendData(text);
        else view.update();
      },
      update() {
        node.replaceChildren();
        textNode = undefined;
        const streaming = message.status === 'streaming';
        node.className = `msg assistant${message.abstained ? ' abstained' : ''}${message.status === 'error' ? ' error' : ''}`;
        node.setAttribute('aria-busy', String(streaming));
        const bubble = el('div', { class: 'bubble' });
        if (message.status === 'error') {
          bubble.append(el('div', { class: 'badge', role: 'alert' }, icon(...ICONS.alert), 'Something went wrong'), el('div', {}, message.text));
          const retry = el('button', { class: 'retry', type: 'button' }, 'Try again');
          retry.addEventListener('click', () => retryLast());
          bubble.append(retry);
          node.append(bubble);
          return;
        }
        if (message.abstained) bubble.append(el('div', { class: 'badge' }, icon(...ICONS.info), 'Not covered by the report'));
        const body = el('div', { class: 'body' });
        if (streaming && !message.citations) {
          textNode = document.createTextNode(message.text);
          body.append(textNode);
          if (!message.text) body.append(el('span', { class: 'typing', 'aria-label': 'Answering' }, el('i'), el('i'), el('i')));
          bubble.append(body);
        } else {
          body.append(renderAnswerText(message.text, message.citations, chip));
          bubble.append(body);
          // A table answer's rows are in the table below; a long text listing them is folded to its lead.
          if (message.table?.rows.length && message.text.length > LONG_TEXT) {
            body.classList.toggle('folded', !showFullText);
            const more = el('button', { class: 'fold', type: 'button', 'aria-expanded': String(showFullText) }, showFullText ? 'Show less' : 'Show the full answer text');
            more.addEventListener('click', () => {
              showFullText = !showFullText;
              view.update();
            });
            bubble.append(more);
          }
        }
        if (message.degraded) bubble.append(el('p', { class: 'note warn' }, icon(...ICONS.alert), 'The language model was unavailable, so this answer quotes the report directly.'));
        if (message.verified === false) bubble.append(el('p', { class: 'note warn' }, icon(...ICONS.alert), 'Some statements could not be checked against the cited passages.'));
        if (message.table?.rows.length) {
          const table = message.table;
          bubble.append(tableView(table, { copy: copyText, announce, expand: (t) => expandTable(t, node.querySelector('[data-action="expand"]')) }));
        }
        node.append(bubble);
        if (message.citations?.length) {
          const sources = sourcesView({ citations: message.citations, directory, idFor: sourceId });
          for (const details of Array.from(sources.querySelectorAll('details'))) {
            details.addEventListener('toggle', () => {
              for (const n of (details.dataset.n ?? '').split(' ')) {
                node.querySelectorAll(`.chip[data-n="${n}"]`).forEach((b) => b.setAttribute('aria-expanded', String(details.open)));
              }
            });
          }
          node.append(sources);
        }
        if (message.status === 'stopped') node.append(el('div', { class: 'note' }, 'Stopped before the answer was complete.'));
        else if (!streaming && message.id) node.append(feedbackView());
      },
    };
    view.update();
    views.push(view);
    return view;
  };

  const intro = () => {
    const examples = config.examples.map((q) => {
      const b = el('button', { class: 'example', type: 'button' }, q);
      b.addEventListener('click', () => ask(q));
      return b;
    });
    return el('div', { class: 'intro' }, el('p', {}, config.greeting), examples.length && !state.messages.length ? el('div', { class: 'examples', role: 'group', 'aria-label': 'Example questions' }, ...examples) : null);
  };

  /**
   * New answers are read from their top: the list scrolls so the answer (and
   * its question, when short) starts at the top of the pane, not to the end of
   * its sources. Once the reader scrolls, the widget stops moving the list.
   */
  let readerScrolled = false;
  const markScrolled = () => {
    readerScrolled = true;
  };
  for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown']) list.addEventListener(type, markScrolled, { passive: true });
  const scrollToAnswer = (answer: HTMLElement | undefined) => {
    if (!answer) return;
    const top = list.getBoundingClientRect().top;
    const question = answer.previousElementSibling as HTMLElement | null;
    const answerTop = answer.getBoundingClientRect().top;
    const questionTop = question?.classList.contains('user') ? question.getBoundingClientRect().top : answerTop;
    const anchor = answerTop - questionTop < list.clientHeight / 4 ? questionTop : answerTop;
    list.scrollTop += anchor - top - 12;
  };
  const lastAnswerNode = () => Array.from(list.querySelectorAll<HTMLElement>('article.assistant')).at(-1);

  const renderAll = () => {
    views.length = 0;
    list.replaceChildren(intro(), ...state.messages.map((m) => messageView(m).node));
    scrollToAnswer(lastAnswerNode());
  };

  const setStreaming = (streaming: boolean) => {
    sendButton.hidden = streaming;
    stopButton.hidden = !streaming;
    updateSend();
  };
  const updateSend = () => {
    sendButton.disabled = !input.value.trim();
  };

  // ---- behaviour --------------------------------------------------------
  const setOpen = (open: boolean, focus = true) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? 'Close chat' : `Open chat: ${config.title}`);
    launcher.replaceChildren(icon(...(open ? ICONS.close : ICONS.chat)));
    state.open = open;
    save();
    if (open) {
      scrollToAnswer(lastAnswerNode());
      if (focus) input.focus();
    } else if (focus) launcher.focus();
  };

  const ask = async (question: string) => {
    question = question.trim();
    if (!question || controller) return;
    const history = historyOf(state.messages);
    list.querySelector('.examples')?.remove();
    const user: ChatMessage = { role: 'user', text: question };
    const answer: ChatMessage = { role: 'assistant', text: '', status: 'streaming', question };
    state.messages.push(user, answer);
    save();
    list.append(messageView(user).node);
    const view = messageView(answer) as MessageView & { appendText(text: string): void };
    list.append(view.node);
    readerScrolled = false;
    scrollToAnswer(view.node);
    live = { message: answer, view };
    controller = new AbortController();
    setStreaming(true);
    status.textContent = 'Answering…';
    const onEvent = (event: StreamEvent) => {
      switch (event.type) {
        case 'meta':
          state.conversationId = event.conversationId;
          answer.mode = event.mode;
          break;
        case 'delta':
          answer.text += event.text;
          view.appendText(event.text);
          break;
        case 'citations':
          answer.citations = event.citations;
          view.update();
          break;
        case 'done':
          answer.text = event.answer;
          answer.abstained = event.abstained;
          answer.mode = event.mode;
          answer.id = newId();
          if (typeof event.answerId === 'string' && event.answerId) answer.answerId = event.answerId;
          if (event.degraded) answer.degraded = true;
          if (event.verified === false) answer.verified = false;
          if (event.table && Array.isArray(event.table.columns) && Array.isArray(event.table.rows)) {
            answer.table = { title: event.table.title ?? '', columns: event.table.columns.map(String), rows: event.table.rows.map((r) => r.map(String)) };
          }
          delete answer.status;
          view.update();
          loadDocuments();
          status.textContent = event.abstained ? 'The report does not cover this.' : 'Answer complete.';
          break;
        case 'error':
          answer.text = event.message || 'Dossier could not answer this question.';
          answer.status = 'error';
          view.update();
          status.textContent = '';
          break;
      }
      if (!readerScrolled && event.type !== 'delta') scrollToAnswer(view.node);
    };
    try {
      await client.send({ question, history, conversationId: state.conversationId }, onEvent, { signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) {
        answer.status = 'stopped';
        status.textContent = 'Stopped.';
      } else {
        answer.text = err instanceof ChatClientError ? err.message : 'Something went wrong while answering. Please try again.';
        answer.status = 'error';
        status.textContent = '';
      }
      view.update();
    } finally {
      if (answer.status === 'streaming') {
        answer.status = 'stopped';
        view.update();
      }
      controller = undefined;
      live = undefined;
      setStreaming(false);
      save();
    }
  };

  const retryLast = () => {
    const i = state.messages.length - 1;
    const last = state.messages[i];
    const question = state.messages[i - 1];
    if (!last || last.status !== 'error' || question?.role !== 'user') return;
    state.messages.splice(i - 1, 2);
    renderAll();
    void ask(question.text);
    input.focus();
  };

  const stop = () => controller?.abort();

  const reset = () => {
    stop();
    state.messages = [];
    state.conversationId = undefined;
    save();
    renderAll();
    status.textContent = 'New conversation started.';
    input.focus();
  };

  const autosize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 132)}px`;
  };

  launcher.addEventListener('click', () => setOpen(panel.hidden));
  closeButton.addEventListener('click', () => setOpen(false));
  newButton.addEventListener('click', reset);
  stopButton.addEventListener('click', () => {
    stop();
    input.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (controller) return;
    const question = input.value;
    if (!question.trim()) return;
    input.value = '';
    autosize();
    void ask(question);
    input.focus();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    autosize();
    updateSend();
  });
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (controller) stop();
      else setOpen(false);
    }
  });

  renderAll();
  updateSend();
  // Document titles and links arrive once (retried after each answer until they do); answers already shown pick them up.
  const loadDocuments = () =>
    void directory.load().then((changed) => {
      if (changed) for (const v of views) if (v.message.status !== 'streaming') v.update();
    });
  loadDocuments();
  setOpen(state.open || config.open, false);

  return {
    open: () => setOpen(true),
    close: () => setOpen(false),
    ask: (question: string) => {
      setOpen(true, false);
      return ask(question);
    },
    /** For tests: whether an answer is streaming. */
    get busy() {
      return live !== undefined;
    },
  };
}
