import { describe, expect, it } from 'vitest';
import { historyOf, type ChatMessage } from '../../src/widget/conversation-store.js';
import { readWidgetConfig } from '../../src/widget/widget-config.js';

const script = (src: string, dataset: Record<string, string> = {}) => ({ src, dataset }) as unknown as HTMLScriptElement;
const isColor = (v: string) => /^#[0-9a-f]{3,8}$/i.test(v);

describe('readWidgetConfig', () => {
  it('defaults the API base to the origin the script came from, so one script tag is enough', () => {
    const config = readWidgetConfig(script('https://dossier.example.org/widget.js'), 'https://think-tank.example/page', isColor);
    expect(config).toMatchObject({ apiBase: 'https://dossier.example.org', title: 'Ask the report', position: 'right', theme: 'auto', open: false, examples: [] });
  });

  it('reads data-* attributes and ignores invalid values', () => {
    const config = readWidgetConfig(
      script('/widget.js', { title: 'Ask FPRI', position: 'left', accent: 'red; background: url(x)', theme: 'dark', apiBase: 'https://api.example/', open: 'true', examples: 'A?| B? ||C?' }),
      'https://site.example/',
      isColor,
    );
    expect(config).toMatchObject({ title: 'Ask FPRI', position: 'left', accent: undefined, theme: 'dark', apiBase: 'https://api.example/', open: true, examples: ['A?', 'B?', 'C?'] });
    expect(readWidgetConfig(script('/widget.js', { accent: '#0f766e', position: 'middle' }), 'https://site.example/', isColor)).toMatchObject({ accent: '#0f766e', position: 'right' });
  });
});

describe('historyOf', () => {
  it('sends completed turns only, oldest first, capped at 20', () => {
    const messages: ChatMessage[] = [
      { role: 'user', text: 'q1' },
      { role: 'assistant', text: 'a1 [1]' },
      { role: 'user', text: 'q2' },
      { role: 'assistant', text: 'Could not reach Dossier.', status: 'error' },
      { role: 'user', text: 'q3' },
      { role: 'assistant', text: 'partial', status: 'stopped' },
      { role: 'user', text: 'q4' },
      { role: 'assistant', text: '', status: 'streaming' },
    ];
    expect(historyOf(messages)).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1 [1]' },
      { role: 'user', content: 'q2' },
      { role: 'user', content: 'q3' },
      { role: 'assistant', content: 'partial' },
      { role: 'user', content: 'q4' },
    ]);
    const many: ChatMessage[] = Array.from({ length: 30 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', text: `m${i}` }));
    const history = historyOf(many);
    expect(history).toHaveLength(20);
    expect(history.at(-1)!.content).toBe('m29');
  });
});
