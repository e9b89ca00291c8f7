import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AskService } from '../../answer/ask-service.js';
import type { Config } from '../../config/config.js';
import type { IndexHolder } from '../../retrieval/index-holder.js';

/** What routes may use; built outside the app and injected, so tests can pass their own. */
export interface DossierServices {
  config: Config;
  ask: AskService;
  index: IndexHolder;
}

declare module 'fastify' {
  interface FastifyInstance {
    dossier: DossierServices;
  }
}

/** Decorates the app with its services. */
export const servicesPlugin = fp<{ services: DossierServices }>(async function services(app: FastifyInstance, opts) {
  app.decorate('dossier', opts.services);
});
