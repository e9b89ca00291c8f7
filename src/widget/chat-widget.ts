import type { StreamEvent } from '../core/stream.js';
import type { Citation } from '../core/types.js';
import { ChatClientError, type ChatClient } from './chat-client.js';
import { historyOf, type ChatMessage, type Conversation } from './conversation-store.js';
import { el, icon, ICONS } from './dom.js';
import { citationLabel, renderAnswerText } from './render-answer.js';
import { WIDGET_CSS } from './styles.js';
import type { WidgetConfig } from './widget-config.js';

export interface ChatWidgetOptions {
  config: WidgetConfig;
  client: ChatClient;
  store: { load(): Conversation; save(conversation: Conversation): void };
}

/**
 * Mount the launcher and chat panel into `host`'s shadow root. All text from
 * the server is inserted as text nodes (see `dom.ts`); the shadow root keeps
 * host-page CSS out and the widget's CSS in.
 */
export function mountChatWidget(host: HTMLElement, { config, client, store }: ChatWidgetOptions) {
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
    update(): void;
  }

  let sourceSeq = 0;
  const messageView = (message: ChatMessage): MessageView => {
    if (message.role === 'user') {
      const node = el('div', { class: 'msg user' }, el('span', { class: 'sr-only' }, 'You: '), el('div', { class: 'bubble' }, message.text));
      return { node, update() {} };
    }
    const node = el('article', { class: 'msg assistant', 'aria-label': 'Answer' });
    const prefix = `dw-s${++sourceSeq}`;
    let textNode: Text | undefined;
    const view: MessageView & { appendText(text: string): void } = {
      node,
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
        } else {
          body.append(renderAnswerText(message.text, message.citations, (c) => chip(c)));
        }
        bubble.append(body);
        if (message.table) bubble.append(tableView(message.table));
        node.append(bubble);
        if (message.citations?.length) node.append(sourcesView(message.citations));
        if (message.status === 'stopped') node.append(el('div', { class: 'note' }, 'Stopped before the answer was complete.'));
      },
    };
    const sourceId = (n: number) => `${prefix}-${n}`;
    const chip = (citation: Citation) => {
      const button = el(
        'button',
        { class: 'chip', type: 'button', 'aria-label': `Source ${citation.n}: ${citationLabel(citation)}`, 'aria-controls': sourceId(citation.n), 'aria-expanded': 'false', 'data-n': String(citation.n) },
        String(citation.n),
      );
      button.addEventListener('click', () => {
        const details = shadow.getElementById(sourceId(citation.n)) as HTMLDetailsElement | null;
        if (!details) return;
        details.open = true;
        details.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
        details.querySelector('summary')?.focus({ preventScroll: true });
        details.classList.add('flash');
        setTimeout(() => details.classList.remove('flash'), 1200);
      });
      return button;
    };
    const sourcesView = (citations: Citation[]) => {
      const items = citations.map((c) => {
        const details = el(
          'details',
          { class: 'source', id: sourceId(c.n) },
          el('summary', {}, el('span', { class: 'n' }, `[${c.n}]`), el('span', { class: 'where' }, citationLabel(c))),
          el('blockquote', {}, c.quote),
          el('p', { class: 'meta' }, [c.source, c.kind === 'prose' ? '' : c.kind.replace('-', ' ')].filter(Boolean).join(' · ')),
        );
        details.addEventListener('toggle', () => {
          node.querySelectorAll(`.chip[data-n="${c.n}"]`).forEach((b) => b.setAttribute('aria-expanded', String(details.open)));
        });
        return el('li', {}, details);
      });
      return el('div', { class: 'sources' }, el('h3', { class: 'sources-title' }, 'Sources'), el('ol', {}, ...items));
    };
    view.update();
    return view;
  };

  const tableView = (table: NonNullable<ChatMessage['table']>) =>
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        {},
        el('caption', {}, table.title),
        el('thead', {}, el('tr', {}, ...table.columns.map((c) => el('th', { scope: 'col' }, c)))),
        el('tbody', {}, ...table.rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))))),
      ),
    );

  const intro = () => {
    const examples = config.examples.map((q) => {
      const b = el('button', { class: 'example', type: 'button' }, q);
      b.addEventListener('click', () => ask(q));
      return b;
    });
    return el('div', { class: 'intro' }, el('p', {}, config.greeting), examples.length && !state.messages.length ? el('div', { class: 'examples', role: 'group', 'aria-label': 'Example questions' }, ...examples) : null);
  };

  const nearBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const scrollToEnd = () => {
    list.scrollTop = list.scrollHeight;
  };

  const renderAll = () => {
    list.replaceChildren(intro(), ...state.messages.map((m) => messageView(m).node));
    scrollToEnd();
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
      scrollToEnd();
      if (focus) input.focus();
    } else if (focus) launcher.focus();
  };

  const ask = async (question: string) => {
    question = question.trim();
    if (!question || controller) return;
    const history = historyOf(state.messages);
    list.querySelector('.examples')?.remove();
    const user: ChatMessage = { role: 'user', text: question };
    const answer: ChatMessage = { role: 'assistant', text: '', status: 'streaming' };
    state.messages.push(user, answer);
    save();
    list.append(messageView(user).node);
    const view = messageView(answer) as MessageView & { appendText(text: string): void };
    list.append(view.node);
    scrollToEnd();
    live = { message: answer, view };
    controller = new AbortController();
    setStreaming(true);
    status.textContent = 'Answering…';
    const onEvent = (event: StreamEvent) => {
      const stick = nearBottom();
      switch (event.type) {
        case 'meta':
          state.conversationId = event.conversationId;
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
          if (event.table) answer.table = { title: event.table.title, columns: event.table.columns, rows: event.table.rows };
          delete answer.status;
          view.update();
          status.textContent = event.abstained ? 'The report does not cover this.' : 'Answer complete.';
          break;
        case 'error':
          answer.text = event.message || 'Dossier could not answer this question.';
          answer.status = 'error';
          view.update();
          status.textContent = '';
          break;
      }
      if (stick) scrollToEnd();
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
