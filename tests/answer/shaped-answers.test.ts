import { beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { getTestServices } from '../helpers/test-index.js';

/** Answers shaped by intent, over the bundled report (real index, real retrieval). */
describe('answers shaped by what is asked', () => {
  let ask: AskService;
  let chunkText: (id: string) => string;
  beforeAll(async () => {
    const { services, index } = await getTestServices();
    ask = services.ask;
    const byId = new Map(index.chunks.map((c) => [c.id, c.text]));
    chunkText = (id) => byId.get(id) ?? '';
  }, 120_000);

  const verbatim = (r: Awaited<ReturnType<AskService['ask']>>) => r.citations.every((c) => chunkText(c.chunkId).includes(c.quote));

  it('replies to small talk with example questions, in its own mode, without abstaining', async () => {
    for (const question of ['hello', 'thanks a lot', 'what can you do?']) {
      const r = await ask.ask({ question });
      expect(r.mode).toBe('smalltalk');
      expect(r.abstained).toBe(false);
      expect(r.citations).toEqual([]);
      expect(r.answer).toMatch(/\?”/); // offers at least one example question
    }
  });

  it('answers who wrote the document from its front matter, cited', async () => {
    const r = await ask.ask({ question: 'Who is the author of this paper?' });
    expect(r.abstained).toBe(false);
    expect(r.answer).toContain('Niva Yau');
    expect(r.citations[0].section).toBe('Front Matter');
    expect(verbatim(r)).toBe(true);
  });

  it('answers the title and what an appendix covers from the document card, cited verbatim', async () => {
    const title = await ask.ask({ question: 'What is the title of this paper?' });
    expect(title.abstained).toBe(false);
    expect(title.answer).toContain("China's Security Management Towards Central Asia");
    expect(title.citations[0].kind).toBe('front-matter');
    expect(verbatim(title)).toBe(true);
    // The appendix question names a table, but asks what it covers, not for its rows.
    const appendix = await ask.ask({ question: 'What does Appendix 4 contain?' });
    expect(appendix.mode).toBe('extractive');
    expect(appendix.citations).toHaveLength(1);
    expect(appendix.answer).toMatch(/^Appendix 4: Security-related training and exchange/);
    expect(verbatim(appendix)).toBe(true);
  });

  it('takes a document named by its publisher and title words for this one, and another document for a plain question', async () => {
    const r = await ask.ask({ question: 'Who is the author of the FPRI study on China’s security management?' });
    expect(r.answer).toContain('Niva Yau');
    const other = await ask.ask({ question: 'Who is the author of the RAND study on Arctic shipping?' });
    expect(other.answer).not.toMatch(/^Author: Niva Yau/);
  });

  it("opens an overview with the summary's thesis and a findings question with the conclusion's own words", async () => {
    const about = await ask.ask({ question: 'Summarise this document.' });
    expect(about.citations[0].section).toBe('Executive Summary');
    expect(about.citations[0].quote).toMatch(/^In the early years of diplomatic relations/);
    const findings = await ask.ask({ question: 'What are the central findings of this report?' });
    expect(findings.citations.some((c) => c.section === 'Assessment and Conclusion' && /^This report has shown/.test(c.quote))).toBe(true);
    expect(verbatim(about) && verbatim(findings)).toBe(true);
  });

  it('gives an overview as 3–5 diverse cited sentences from the summary, introduction and conclusion', async () => {
    const r = await ask.ask({ question: 'Could you give me an overview of the report?' });
    expect(r.abstained).toBe(false);
    expect(r.citations.length).toBeGreaterThanOrEqual(3);
    expect(r.citations.length).toBeLessThanOrEqual(5);
    expect(new Set(r.citations.map((c) => c.quote)).size).toBe(r.citations.length);
    expect(r.citations.every((c) => c.kind === 'prose')).toBe(true);
    expect(verbatim(r)).toBe(true);
    expect(r.answer).not.toMatch(/It ends with a short assessment/);
  });

  it('defines an acronym by the sentence that spells it out', async () => {
    const r = await ask.ask({ question: 'What does CNISCO stand for?' });
    expect(r.citations).toHaveLength(1);
    expect(r.citations[0].quote).toMatch(/China National Institute for SCO International Exchange \(CNISCO\)/);
  });
});
