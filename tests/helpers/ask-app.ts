import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** POST a question to /api/ask through `app.inject`, expect 200 and return the JSON body. */
export async function askOk(app: FastifyInstance, question: string) {
  const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question } });
  expect(res.statusCode).toBe(200);
  return res.json();
}
