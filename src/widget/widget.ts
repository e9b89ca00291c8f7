/**
 * Entry point of `/widget.js`: one script tag embeds the Dossier chat.
 *
 *   <script src="https://dossier.example.org/widget.js" data-title="Ask the report" async></script>
 *
 * Browser-only code: no server imports (types only), no framework.
 */
import { createChatClient } from './chat-client.js';
import { mountChatWidget } from './chat-widget.js';
import { createConversationStore } from './conversation-store.js';
import { readWidgetConfig } from './widget-config.js';

declare global {
  interface Window {
    DossierWidget?: ReturnType<typeof mountChatWidget>;
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
}

function start(script: HTMLScriptElement | null) {
  if (window.DossierWidget) return;
  const config = readWidgetConfig(script, location.href, (value) => typeof CSS !== 'undefined' && CSS.supports('color', value));
  const host = document.createElement('dossier-widget');
  document.body.appendChild(host);
  window.DossierWidget = mountChatWidget(host, {
    config,
    client: createChatClient({ apiBase: config.apiBase }),
    store: createConversationStore(`dossier-widget:${config.apiBase}`),
  });
}

const script = findScript();
if (document.body) start(script);
else document.addEventListener('DOMContentLoaded', () => start(script), { once: true });
