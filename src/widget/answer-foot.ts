import type { ChatMessage } from './conversation-store.js';
import { el, icon, ICONS } from './dom.js';
import type { FeedbackBody } from '../core/types.js';

type Rating = 'helpful' | 'not_helpful';

/** The server's default question limit; feedback repeats the question within it. */
const MAX_QUESTION_CHARS = 2000;
const MAX_COMMENT_CHARS = 2000;

export interface AnswerFootOptions {
  /** The answer; `feedback` is set on it once a rating was stored. */
  message: ChatMessage;
  /** Prefix for element ids inside this answer. */
  idPrefix: string;
  /** The rating whose comment form is open, if any. */
  draft: Rating | undefined;
  /** Open (or, with undefined, close) the comment form for a rating. */
  setDraft(rating: Rating | undefined): void;
  /** Copy the answer with its sources; resolves to whether it worked. */
  copyAnswer(): Promise<boolean>;
  /** Send a rating; rejects with a message for the reader. */
  send(payload: Omit<FeedbackBody, 'conversationId'>): Promise<void>;
  /** Called once a rating was stored (persist the conversation, re-render). */
  sent(): void;
  announce(message: string): void;
}

/**
 * What closes a completed answer: Copy (the answer with its sources as
 * footnotes), 👍 / 👎, and the comment form a rating opens. A rating is sent
 * only with "Send feedback"; a failure keeps the form, with the server's
 * message, so the reader can try again.
 */
export function answerFoot(options: AnswerFootOptions): HTMLElement {
  const { message, draft } = options;
  const rate = (rating: Rating, label: string, path: readonly string[]) => {
    const pressed = message.feedback === rating || (!message.feedback && draft === rating);
    const button = el('button', { class: 'act rate', type: 'button', 'aria-label': label, title: label, 'aria-pressed': String(pressed), 'data-rating': rating, disabled: !!message.feedback }, icon(...path));
    button.addEventListener('click', () => options.setDraft(rating));
    return button;
  };
  const copy = el('button', { class: 'act', type: 'button', title: 'Copy the answer with its sources', 'data-action': 'copy-answer' }, icon(...ICONS.copy), el('span', {}, 'Copy'));
  copy.addEventListener('click', async () => {
    const ok = await options.copyAnswer();
    options.announce(ok ? 'Answer copied with its sources.' : 'Copying is not allowed on this page.');
    copy.lastElementChild!.textContent = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => (copy.lastElementChild!.textContent = 'Copy'), 1600);
  });
  const bar = el('div', { class: 'answer-actions' }, copy, el('span', { class: 'spacer' }), rate('helpful', 'Helpful', ICONS.up), rate('not_helpful', 'Not helpful', ICONS.down));
  const slot = el('div', { class: 'feedback-slot' });
  if (message.feedback) slot.append(el('p', { class: 'feedback-done', role: 'status' }, 'Thanks, your feedback was sent.'));
  else if (draft) slot.append(commentForm(options, draft));
  return el('div', { class: 'answer-foot' }, bar, slot);
}

function commentForm(options: AnswerFootOptions, rating: Rating): HTMLFormElement {
  const { message } = options;
  const inputId = `${options.idPrefix}-comment`;
  const comment = el('textarea', { id: inputId, class: 'comment', rows: '2', maxlength: String(MAX_COMMENT_CHARS), placeholder: rating === 'helpful' ? 'What was helpful? (optional)' : 'What was wrong or missing? (optional)' });
  const send = el('button', { class: 'tbtn primary', type: 'submit' }, 'Send feedback');
  const cancel = el('button', { class: 'tbtn', type: 'button' }, 'Cancel');
  const problem = el('p', { class: 'feedback-error', role: 'alert' });
  const form = el('form', { class: 'feedback-form', 'aria-label': 'Feedback on this answer' }, el('label', { class: 'sr-only', for: inputId }, 'Comment (optional)'), comment, el('div', { class: 'feedback-buttons' }, send, cancel), problem);
  cancel.addEventListener('click', () => options.setDraft(undefined));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    send.disabled = true;
    send.textContent = 'Sending…';
    problem.textContent = '';
    const text = comment.value.trim().slice(0, MAX_COMMENT_CHARS);
    try {
      await options.send({
        // The server's id for the answer, when it gave one; the text below is the fallback for older answers.
        ...(message.answerId ? { answerId: message.answerId } : {}),
        rating,
        ...(text ? { comment: text } : {}),
        question: (message.question ?? '').slice(0, MAX_QUESTION_CHARS) || '(unknown question)',
        answer: message.text,
        ...(message.mode ? { mode: message.mode } : {}),
        abstained: !!message.abstained,
        citations: (message.citations ?? []).map(({ n, chunkId, section, page, quote }) => ({ n, chunkId, section, page, quote })),
      });
      message.feedback = rating;
      options.setDraft(undefined);
      options.sent();
      options.announce('Thanks, your feedback was sent.');
    } catch (err) {
      send.disabled = false;
      send.textContent = 'Send feedback';
      problem.textContent = (err as Error).message;
    }
  });
  return form;
}
