import { it } from 'vitest';
import { getTestServices } from '../helpers/test-index.js';
it('probe', async () => {
  const { services } = await getTestServices();
  for (const q of ['Which organisations does China use for security cooperation with Central Asia?', 'What are the three evils?']) {
    const r = await services.ask.ask({ question: q });
    console.log(q, r.abstained, r.answer.slice(0, 200), r.citations.map((c) => [c.section, c.page]));
  }
});
