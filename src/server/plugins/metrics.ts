import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AskService } from '../../ask/ask-service.js';
import type { AnswerMode } from '../../core/types.js';
import type { ShedReason } from './load-shedding.js';

/** Which AskService call produced an answer: `ask` (/api/ask, Slack) or `stream` (/api/chat). */
export type AnswerApi = 'ask' | 'stream';

/**
 * The service's Prometheus metrics, in a registry of their own (one per app,
 * never prom-client's global default, so several apps in one process — tests
 * — do not collide).
 */
export interface DossierMetrics {
  readonly registry: Registry;
  /** Record one finished HTTP request. */
  observeRequest(labels: { method: string; route: string; statusCode: number }, seconds: number): void;
  /** Record one answer: its mode, whether it abstained, whether the LLM fell back to extractive. */
  observeAnswer(api: AnswerApi, answer: { mode: AnswerMode; abstained: boolean; degraded?: boolean }, seconds: number): void;
  observeShed(reason: ShedReason): void;
  /** Report the answering queue (read at scrape time). */
  trackQueue(read: () => { queued: number; inFlight: number }): void;
  /** One Slack feedback click: stored, or not (disk full, …; the user was told to try again). */
  observeFeedback(outcome: 'saved' | 'failed'): void;
  /** Report the Redis circuit breaker (read at scrape time). */
  trackRedis(read: () => { open: boolean; refused: number; outages: number }): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Build the metrics; `defaults` adds Node's process metrics (heap, event-loop lag, GC). */
export function createDossierMetrics({ defaults = true }: { defaults?: boolean } = {}): DossierMetrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: 'dossier_' });
  const requests = new Counter({ name: 'dossier_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status_code'], registers: [registry] });
  const latency = new Histogram({
    name: 'dossier_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const answers = new Counter({ name: 'dossier_answers_total', help: 'Answers by API, mode and outcome (answered or abstained)', labelNames: ['api', 'mode', 'outcome'], registers: [registry] });
  const answerLatency = new Histogram({
    name: 'dossier_answer_duration_seconds',
    help: 'Time to a complete answer by API and mode',
    labelNames: ['api', 'mode'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  let answered = 0;
  let abstained = 0;
  new Gauge({
    name: 'dossier_abstention_ratio',
    help: 'Share of answers since start that abstained (use rate() over dossier_answers_total for a windowed rate)',
    registers: [registry],
    collect() {
      this.set(answered + abstained ? abstained / (answered + abstained) : 0);
    },
  });
  const fallbacks = new Counter({ name: 'dossier_llm_fallbacks_total', help: 'Answers where the LLM failed and the extractive answerer took over', labelNames: ['api'], registers: [registry] });
  const shed = new Counter({ name: 'dossier_asks_shed_total', help: 'Questions refused with 503 because the answering queue was full or the wait too long', labelNames: ['reason'], registers: [registry] });
  const feedback = new Counter({ name: 'dossier_slack_feedback_total', help: 'Slack feedback clicks by outcome (saved, or failed: not stored and the user asked to try again)', labelNames: ['outcome'], registers: [registry] });
  let readRedis: (() => { open: boolean; refused: number; outages: number }) | undefined;
  new Gauge({ name: 'dossier_redis_circuit_open', help: "1 while the Redis circuit breaker is open (shared state in this process's memory)", registers: [registry], collect() { this.set(readRedis?.().open ? 1 : 0); } });
  new Gauge({ name: 'dossier_redis_commands_refused', help: 'Redis commands refused by the open circuit since start', registers: [registry], collect() { this.set(readRedis?.().refused ?? 0); } });
  new Gauge({ name: 'dossier_redis_outages', help: 'Times the Redis circuit opened since start', registers: [registry], collect() { this.set(readRedis?.().outages ?? 0); } });
  let readQueue = () => ({ queued: 0, inFlight: 0 });
  new Gauge({ name: 'dossier_ask_queue_depth', help: 'Questions waiting for an answering slot (embedder/answerer queue)', registers: [registry], collect() { this.set(readQueue().queued); } });
  new Gauge({ name: 'dossier_asks_in_flight', help: 'Questions being answered now', registers: [registry], collect() { this.set(readQueue().inFlight); } });

  return {
    registry,
    observeRequest({ method, route, statusCode }, seconds) {
      const labels = { method, route, status_code: String(statusCode) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    observeAnswer(api, answer, seconds) {
      answers.inc({ api, mode: answer.mode, outcome: answer.abstained ? 'abstained' : 'answered' });
      answerLatency.observe({ api, mode: answer.mode }, seconds);
      if (answer.abstained) abstained++;
      else answered++;
      if (answer.degraded) fallbacks.inc({ api });
    },
    observeShed(reason) {
      shed.inc({ reason });
    },
    trackQueue(read) {
      readQueue = read;
    },
    observeFeedback(outcome) {
      feedback.inc({ outcome });
    },
    trackRedis(read) {
      readRedis = read;
    },
  };
}

/**
 * The same AskService, reporting every answer (mode, abstention, LLM
 * fallback, latency) to `metrics`. Wrapping per app keeps the shared service
 * free of any one app's registry.
 */
export function instrumentAskService(ask: AskService, metrics: DossierMetrics): AskService {
  return {
    async ask(request, options) {
      const t0 = performance.now();
      const response = await ask.ask(request, options);
      metrics.observeAnswer('ask', response, (performance.now() - t0) / 1000);
      return response;
    },
    async *stream(request, options) {
      const t0 = performance.now();
      for await (const event of ask.stream(request, options)) {
        if (event.type === 'done') metrics.observeAnswer('stream', event, (performance.now() - t0) / 1000);
        yield event;
      }
    },
  };
}

/**
 * Counts and times every request by route pattern (not raw URL, so label
 * cardinality stays bounded; unmatched URLs are `404`), wires the queue gauges,
 * and serves the registry at GET /metrics in Prometheus text format.
 */
declare module 'fastify' {
  interface FastifyInstance {
    /** The app's metrics, for routes that count their own events (Slack feedback). */
    dossierMetrics: DossierMetrics;
  }
}

export const metricsPlugin = fp<{ metrics: DossierMetrics }>(async function metricsPlugin(app: FastifyInstance, { metrics }) {
  app.decorate('dossierMetrics', metrics);
  const circuit = app.dossier.redisCircuit;
  if (circuit) metrics.trackRedis(() => ({ open: circuit.isOpen, refused: circuit.refused, outages: circuit.outages }));
  if (app.hasDecorator('askLimiter')) {
    const limiter = app.askLimiter;
    metrics.trackQueue(() => ({ queued: limiter.queued, inFlight: limiter.inFlight }));
    const previous = limiter.onShed;
    limiter.onShed = (reason) => {
      previous?.(reason);
      metrics.observeShed(reason);
    };
  }
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    metrics.observeRequest({ method: request.method, route, statusCode: reply.statusCode }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { access: 'metrics' }, schema: { summary: 'Prometheus metrics', tags: ['health'], hide: true } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store');
    return metrics.registry.metrics();
  });
});
