import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import pinoPretty from 'pino-pretty';
import type { Config } from '../config/config.js';

/** Liveness and readiness probes: polled every few seconds by orchestrators, so they must not fill the log. */
const PROBES = new Set(['/health', '/health/ready']);
const isProbe = (request: FastifyRequest) => PROBES.has(request.url.split('?')[0]);

/**
 * Fastify's request log lines, with probes at debug instead of info, and the
 * method and URL on the "request completed" line too (one line per request
 * says what was asked and how it ended).
 */
export class DossierLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log[isProbe(request) ? 'debug' : 'info']({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const fields = { res: reply, responseTime: reply.elapsedTime, method: request.method, url: request.url };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log[isProbe(request) ? 'debug' : 'info'](fields, 'request completed');
  }
}

/** Whether logs should be pretty: LOG_FORMAT decides, and `auto` means "when stdout is a terminal". */
export function usePrettyLogs(format: Config['LOG_FORMAT'], stdout: { isTTY?: boolean } = process.stdout): boolean {
  return format === 'pretty' || (format === 'auto' && stdout.isTTY === true);
}

/**
 * The server's logger options: JSON lines (pino) for machines, or one
 * readable line per event for a person at a terminal (pino-pretty, in
 * process so lines keep their order with the progress bar).
 */
export function createLoggerOptions(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>, stdout: NodeJS.WriteStream = process.stdout): FastifyServerOptions['logger'] {
  if (!usePrettyLogs(config.LOG_FORMAT, stdout)) return { level: config.LOG_LEVEL };
  const stream = pinoPretty({
    destination: stdout,
    colorize: stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime,method,url',
    singleLine: true,
    messageFormat: (log, messageKey) => {
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      if (log[messageKey] === 'incoming request' && req) return `→ ${req.method} ${req.url}`;
      if (log[messageKey] === 'request completed' && res) {
        return `← ${res.statusCode} ${log.method} ${log.url} ${Number(log.responseTime ?? 0).toFixed(1)} ms`;
      }
      return String(log[messageKey] ?? '');
    },
  });
  return { level: config.LOG_LEVEL, stream };
}
