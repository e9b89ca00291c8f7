import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { NotReadyError } from '../../core/errors.js';
import { loadWidgetBundle } from '../../widget/build.js';
import { demoContent, renderDemoPage } from '../demo-page.js';

const DEMO_PAGE = new URL('../../widget/demo.html', import.meta.url);

/**
 * GET /widget.js (the embeddable chat, one self-contained file) and GET /
 * (a demo page with the widget open). The bundle is loaded or built once
 * when the app starts, so requests never wait on esbuild.
 */
export async function widgetRoutes(app: FastifyInstance) {
  const demo = await readFile(DEMO_PAGE, 'utf8');
  // A missing bundle (no dist/widget.js and no esbuild, e.g. installed without dev dependencies) must not take the API down.
  const bundle = await loadWidgetBundle().catch((err: Error) => {
    app.log.error({ err }, 'could not load the widget bundle: run `npm run build:widget`');
    return undefined;
  });
  const code = bundle?.code ?? '';
  const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`;
  if (bundle) app.log.debug({ from: bundle.from, bytes: code.length }, 'widget bundle loaded');

  app.get('/widget.js', { config: { access: 'public' }, schema: { summary: 'The embeddable chat widget', tags: ['widget'] } }, async (request, reply) => {
    if (!bundle) throw new NotReadyError('The widget bundle is not available on this server; build it with `npm run build:widget`.');
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return code;
  });

  app.get('/', { config: { access: 'public' }, schema: { summary: 'Demo page with the widget', tags: ['widget'] } }, async (_request, reply) => {
    const index = app.dossier.index.current;
    const page = renderDemoPage(demo, demoContent(index, app.dossier.config.DEMO_EXAMPLES), index?.manifest.documents.length ?? 0);
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });
}
