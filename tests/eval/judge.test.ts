import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { createLlmJudge } from '../../src/eval/judge.js';

const input = { question: 'Where is RATS based?', gold: ['Tashkent'], answer: 'Tashkent [1]', citations: [{ n: 1, quote: 'RATS is based in Tashkent' }] };

describe('createLlmJudge', () => {
  it('fills the judge prompt and parses the verdict', async () => {
    const prompts: string[] = [];
    const judge = createLlmJudge({
      complete: async (prompt) => {
        prompts.push(prompt);
        return 'Sure:\n{"correct": true, "faithfulness": 1, "unsupported": [], "reason": "matches"}';
      },
    });
    expect(await judge.judge(input)).toMatchObject({ correct: true, faithfulness: 1 });
    expect(prompts[0]).toContain('Where is RATS based?');
    expect(prompts[0]).toContain('[1] RATS is based in Tashkent');
    expect(prompts[0]).not.toMatch(/\{(question|gold|answer|citations)\}/);
  });

  it('throws ProviderError on a malformed reply', async () => {
    const judge = createLlmJudge({ complete: async () => '{"correct": "yes"}' });
    await expect(judge.judge(input)).rejects.toBeInstanceOf(ProviderError);
    const noJson = createLlmJudge({ complete: async () => 'I cannot help' });
    await expect(noJson.judge(input)).rejects.toThrow(/did not reply with JSON/);
  });
});
