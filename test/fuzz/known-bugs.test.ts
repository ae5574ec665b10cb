/**
 * 5xx answers the fuzzer found (capture-params.test.ts), kept as regression tests now that they
 * are fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { call, createTestAccount, type TestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let account: TestAccount;

beforeAll(async () => {
  deps = testDeps();
  app = buildApp(deps);
  account = await createTestAccount(deps, { credits: 0 });
});

afterAll(async () => {
  await deps.browser.close();
});

describe('bugs found by fuzzing', () => {
  // lib/http/query-params.ts read `ALIASES[name] ?? name`, which returned Object.prototype's
  // members for these names; `name.split` then threw a TypeError → 500 internal_error.
  for (const name of ['__proto__', 'constructor']) {
    it(`GET /v1/capture?${name}= answers 400 invalid_params, not 500`, async () => {
      const res = await call(app, 'GET', `/v1/capture?url=example.com&${name}=`, { key: account.apiKey });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_params');
    });
  }

  it('GET /v1/capture?toString= treats it as the unknown parameter it is (here: 402, the account has no credits)', async () => {
    const res = await call(app, 'GET', '/v1/capture?url=example.com&toString=', { key: account.apiKey });
    expect(res.status).toBe(402);
    expect(res.json.error.code).toBe('insufficient_credits');
  });

  // lib/captures/prepare.ts looked project_id up in DynamoDB before checking it, so an id past
  // DynamoDB's 2048-byte key limit made GetItem throw a ValidationException → 500.
  it('POST /v1/capture with a 2045-character project_id answers 400, not 500', async () => {
    const res = await call(app, 'POST', '/v1/capture', {
      key: account.apiKey,
      body: { url: 'https://example.com', project_id: 'a'.repeat(2045) },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
  });
});
