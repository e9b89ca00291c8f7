/** The widget's settings, read from the `data-*` attributes of its script tag. */
export interface WidgetConfig {
  title: string;
  greeting: string;
  position: 'right' | 'left';
  /** A CSS colour, or undefined for the default accent. */
  accent?: string;
  theme: 'auto' | 'light' | 'dark';
  /** Origin (and optional path prefix) of the Dossier server. */
  apiBase: string;
  /** Open the panel on load (the demo page does). */
  open: boolean;
  /** Example questions offered while the conversation is empty. */
  examples: string[];
}

const DEFAULT_GREETING = "Hi! Ask me anything about China's Security Management Towards Central Asia. Every answer cites the report.";

/**
 * Read settings from the script tag. The API base defaults to the origin the
 * script was loaded from, so one `<script src=…/widget.js>` tag is enough.
 */
export function readWidgetConfig(script: HTMLScriptElement | null, pageUrl: string, isColor: (value: string) => boolean): WidgetConfig {
  const data = script?.dataset ?? {};
  const scriptOrigin = script?.src ? new URL(script.src, pageUrl).origin : new URL(pageUrl).origin;
  const accent = data.accent?.trim();
  const theme = data.theme === 'light' || data.theme === 'dark' ? data.theme : 'auto';
  return {
    title: data.title?.trim() || 'Ask the report',
    greeting: data.greeting?.trim() || DEFAULT_GREETING,
    position: data.position === 'left' ? 'left' : 'right',
    accent: accent && isColor(accent) ? accent : undefined,
    theme,
    apiBase: data.apiBase?.trim() ? new URL(data.apiBase.trim(), pageUrl).href : scriptOrigin,
    open: data.open === 'true' || data.open === '',
    examples: (data.examples ?? '')
      .split('|')
      .map((q) => q.trim())
      .filter(Boolean)
      .slice(0, 5),
  };
}
