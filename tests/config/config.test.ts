import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';

const problem = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
};

describe('loadConfig messages', () => {
  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be a number \(got "abc"\)\.$/],
    [{ PORT: '70000' }, /PORT must be at most 65535 \(got "70000"\)/],
    [{ PORT: '3.5' }, /PORT must be a whole number \(got "3.5"\)/],
    [{ TOP_K: '0' }, /TOP_K must be at least 1 \(got "0"\)/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be one of auto, pretty, json \(got "xml"\)/],
    [{ OPENAI_BASE_URL: 'localhost:11434' }, /OPENAI_BASE_URL must start with http:\/\/ or https:\/\//],
  ])('%o gets one human line naming the variable', (env, expected) => {
    const message = problem(env);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/Expected|received|nan/i);
    expect(message).not.toContain('\n');
  });

  it('refuses an ALLOWED_ORIGINS entry without a scheme, saying how to write it', () => {
    expect(problem({ ALLOWED_ORIGINS: 'https://ok.example,example.org' })).toMatch(
      /ALLOWED_ORIGINS entry "example.org" has no http:\/\/ or https:\/\/ scheme; write it as https:\/\/example.org/,
    );
    expect(problem({ ALLOWED_ORIGINS: 'localhost:3000' })).toMatch(/write it as https:\/\/localhost:3000/);
    expect(problem({ ALLOWED_ORIGINS: 'https://intranet.example/app' })).toMatch(/write it as https:\/\/intranet.example\b/);
  });

  it('accepts origins with scheme, host and port, a trailing slash, and *', () => {
    const config = loadConfig({ ALLOWED_ORIGINS: 'https://a.example, http://127.0.0.1:8080, https://b.example/, *' });
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'http://127.0.0.1:8080', 'https://b.example/', '*']);
  });

  it('lists every problem at once', () => {
    const message = problem({ PORT: 'abc', ALLOWED_ORIGINS: 'example.org' });
    expect(message).toContain('PORT');
    expect(message).toContain('ALLOWED_ORIGINS');
  });
});
