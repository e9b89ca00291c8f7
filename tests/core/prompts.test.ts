import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PromptError } from '../../src/core/errors.js';
import { loadPrompt, promptVariables, renderPrompt } from '../../src/core/prompts.js';

describe('prompts', () => {
  it('fills named variables and leaves JSON braces alone', () => {
    const t = 'Q: {question}\nReply {"ok": true} about {question} and {answer}';
    expect(promptVariables(t)).toEqual(['question', 'answer']);
    expect(renderPrompt(t, { question: 'Why?', answer: 42 })).toBe('Q: Why?\nReply {"ok": true} about Why? and 42');
  });

  it('throws PromptError naming every missing variable', () => {
    expect(() => renderPrompt('{a} {b} {c}', { a: '1' }, 'demo')).toThrow(PromptError);
    expect(() => renderPrompt('{a} {b} {c}', { a: '1' }, 'demo')).toThrow(/"demo" needs variable\(s\) \{b\}, \{c\}/);
  });

  it('loads templates from a folder and fails clearly on a missing file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-prompts-'));
    try {
      await writeFile(path.join(dir, 'hello.txt'), 'Hello {name}');
      expect(loadPrompt('hello', { name: 'Niva' }, dir)).toBe('Hello Niva');
      expect(() => loadPrompt('absent', {}, dir)).toThrow(/absent.txt was not found/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the bundled judge prompt has exactly the variables the judge fills', () => {
    expect(() => loadPrompt('judge', { question: 'q', gold: 'g', answer: 'a', citations: 'c' })).not.toThrow();
    expect(() => loadPrompt('judge', { question: 'q' })).toThrow(PromptError);
  });
});
