import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { AnswerRecordStore } from '../../ask/answer-records.js';
import type { AskService } from '../../ask/ask-service.js';
import type { TableEngine } from '../../tables/table-engine.js';
import type { Config } from '../../config/config.js';
import type { Embedder } from '../../embedders/embedder.js';
import type { IndexHolder } from '../../retrieval/index-holder.js';
import type { IndexStatus } from '../index-status.js';
import type { RedisCircuit } from '../redis-client.js';

/** What routes may use; built outside the app and injected, so tests can pass their own. */
export interface DossierServices {
  config: Config;
  ask: AskService;
  /** Answers the ask service issued an `answerId` for (feedback looks them up); absent, every answerId is unknown. */
  answerRecords?: AnswerRecordStore;
  index: IndexHolder;
  /** The table engine over the live index's typed tables (POST /api/tables/query runs it); absent, those routes answer 503. */
  tables?: TableEngine;
  /** What /health/ready and the 503s say about the index (loading, failed, a failed rebuild); absent in tests that inject a loaded index. */
  indexStatus?: IndexStatus;
  /** The embedder the index was built with (admin reindex rebuilds with it). */
  embedder?: Embedder;
  /** Shared Redis connection when REDIS_URL is set (conversations, Slack dedup/threads, rate-limit counters). */
  redis?: Redis;
  /** The circuit breaker in front of `redis`: open while Redis is hung or down (stores use this process's memory meanwhile). */
  redisCircuit?: RedisCircuit;
  /** Release what the services hold (the Redis connection); called by server.ts after the app closed. */
  close?: () => Promise<void>;
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
