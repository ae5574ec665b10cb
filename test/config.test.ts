import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../lib/config.ts';

describe('the optional AI model (FRAMESHOT_AI_*)', () => {
  it('is absent unless a base URL is set', () => {
    expect(loadConfig({}).ai).toBeUndefined();
  });

  it('reads the base URL, key, model and timeout, with defaults', () => {
    expect(loadConfig({ FRAMESHOT_AI_BASE_URL: 'https://api.example.com/v1/' }).ai).toEqual({
      baseUrl: 'https://api.example.com/v1',
      model: 'gpt-4o-mini',
      timeoutMs: 2500,
    });
    expect(
      loadConfig({
        FRAMESHOT_AI_BASE_URL: 'http://10.0.0.5:11434/v1',
        FRAMESHOT_AI_API_KEY: 'sk-test',
        FRAMESHOT_AI_MODEL: 'llama3.2',
        FRAMESHOT_AI_TIMEOUT_MS: '4000',
      }).ai,
    ).toEqual({ baseUrl: 'http://10.0.0.5:11434/v1', apiKey: 'sk-test', model: 'llama3.2', timeoutMs: 4000 });
  });

  it.each([
    [{ FRAMESHOT_AI_BASE_URL: 'api.example.com' }, /FRAMESHOT_AI_BASE_URL/],
    [{ FRAMESHOT_AI_BASE_URL: 'ftp://api.example.com' }, /http\(s\)/],
    [{ FRAMESHOT_AI_BASE_URL: 'https://u:p@api.example.com/v1' }, /FRAMESHOT_AI_API_KEY/],
    [
      { FRAMESHOT_AI_BASE_URL: 'https://api.example.com', FRAMESHOT_AI_TIMEOUT_MS: 'soon' },
      /FRAMESHOT_AI_TIMEOUT_MS/,
    ],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
