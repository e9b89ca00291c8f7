import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DossierError, OverloadedError } from '../../core/errors.js';
import { createLogSampler } from '../log-sampler.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  408: 'Request Timeout', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** Turn an ajv validation error into a sentence that says what to fix. */
function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const where = first.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : 'body';
  const params = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'required':
      return `Missing required field "${params.missingProperty}". Send a JSON body like {"question": "What are the three evils?"}.`;
    case 'additionalProperties':
      return `Unknown field "${params.additionalProperty}" in ${where}. Allowed fields: question, history, conversationId, debug.`;
    case 'type':
      return where === 'body'
        ? 'The request body must be a JSON object like {"question": "What are the three evils?"} sent with Content-Type: application/json.'
        : `Field "${where}" must be ${params.type}.`;
    case 'minLength':
    case 'pattern':
      return where === 'question' ? 'Field "question" must not be empty.' : `Field "${where}" has an invalid format.`;
    case 'maxLength':
      return `Field "${where}" is too long (at most ${params.limit} characters).`;
    case 'maxItems':
      return `Field "${where}" has too many items (at most ${params.limit}).`;
    case 'enum':
      return `Field "${where}" must be one of: ${(params.allowedValues as string[]).join(', ')}.`;
    default:
      return `Invalid ${where}: ${first.message}.`;
  }
}

/**
 * The one place errors become HTTP responses: 4xx keep their message (it says
 * what to fix); 5xx are logged and their text hidden from clients. Expected
 * 503s (shed, not ready) and repeated failures are logged once and then
 * counted per interval; a client that left before its answer is one info
 * line, never a stack trace.
 */
export const errorHandlerPlugin = fp(async function errorHandler(app: FastifyInstance) {
  const sampled = createLogSampler({ logger: app.log });
  app.addHook('onClose', async () => sampled.close());
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let statusCode = error instanceof DossierError ? error.statusCode : (error.statusCode ?? 500);
    if (statusCode < 400 || statusCode > 599) statusCode = 500;
    const code = error instanceof DossierError ? error.code : typeof error.code === 'string' && statusCode < 500 ? error.code : statusCode >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
    let message = error.validation ? describeValidation(error) : error.message;
    if (code === 'FST_ERR_CTP_INVALID_JSON' || (error as { type?: string }).type === 'entity.parse.failed') {
      message = 'The request body is not valid JSON. Send a JSON object like {"question": "..."} with Content-Type: application/json.';
    } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      message = 'Unsupported Content-Type. Send the body as JSON with Content-Type: application/json.';
    } else if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      message = 'The request body is empty. Send a JSON object like {"question": "..."}.';
    } else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      message = 'The request body is too large. Keep questions short and history to recent turns.';
    }
    const clientGone = error.name === 'AbortError' || request.raw.destroyed || reply.raw.destroyed || request.raw.socket?.destroyed === true;
    if (error instanceof OverloadedError) {
      // Expected under overload: one line, then a count per interval, not a line per shed request.
      sampled.log('shed', 'warn', { code }, 'request shed: over capacity');
    } else if (clientGone && statusCode >= 500) {
      request.log.info({ code, reason: error.message }, 'client disconnected before the answer');
    } else if (error instanceof DossierError && statusCode === 503) {
      sampled.log(`unavailable:${code}:${message}`, 'warn', { code, message }, 'request refused: not ready');
    } else if (statusCode >= 500) {
      sampled.log(`failed:${code}:${error.message}`, 'error', { err: error, reqId: request.id }, 'request failed');
    }
    if (statusCode >= 500) {
      if (error instanceof DossierError && statusCode === 503) {
        if (!reply.hasHeader('retry-after')) reply.header('retry-after', '5');
      } else {
        message = 'Something went wrong on our side; the error has been logged.';
      }
    } else {
      request.log.info({ code, message }, 'client error');
    }
    return reply.status(statusCode).send({ statusCode, code, error: REASONS[statusCode] ?? 'Error', message });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}. See /docs for the API.` });
  });
});
