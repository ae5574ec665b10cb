/**
 * 5xx answers the fuzzer found (capture-params.test.ts), pinned as `it.fails` so the suite stays
 * green while they are open. When a fix lands the test starts passing, `it.fails` turns red:
 * drop `.fails` there and the matching KNOWN_BUGS predicate in capture-params.test.ts.
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

describe('open bugs found by fuzzing', () => {
  // lib/http/query-params.ts, read(): `ALIASES[name] ?? name` returns Object.prototype's members
  // for these names, and `name.split` then throws a TypeError → 500 internal_error.
  for (const name of ['__proto__', 'constructor', 'toString']) {
    it.fails(`GET /v1/capture?${name}= answers 400 invalid_params, not 500`, async () => {
      const res = await call(app, 'GET', `/v1/capture?url=example.com&${name}=`, { key: account.apiKey });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_params');
    });
  }

  // lib/captures/prepare.ts: project_id is looked up in DynamoDB before the schema checks it, so
  // an id past DynamoDB's 2048-byte key limit (`PRJ#` + 2045 chars) makes GetItem throw a
  // ValidationException → 500 internal_error.
  it.fails('POST /v1/capture with a 2045-character project_id answers 400, not 500', async () => {
    const res = await call(app, 'POST', '/v1/capture', {
      key: account.apiKey,
      body: { url: 'https://example.com', project_id: 'a'.repeat(2045) },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
  });
});
