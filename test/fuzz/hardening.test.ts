/**
 * Property tests over the inputs the hardening review found (issue #13): `block` pattern shapes,
 * pixel budgets, device-login codes, render-link `expires` spellings and auth-profile domains.
 * Every answer is a 4xx (or a success where the input is fine) — never a 5xx — and no credit
 * moves: the funded key only ever names targets the guard refuses.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { DEVICES } from '../../lib/schemas/capture.ts';
import {
  balanceAndLedger,
  call,
  createTestAccount,
  type TestAccount,
  type TestApp,
  testDeps,
} from '../helpers/stack.ts';

const FUZZ_PLAN = JSON.stringify({
  fuzz: { monthly_credits: 0, requests_per_minute: 1_000_000, concurrent_captures: 64 },
});
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const FUNDED = 500;

let deps: Deps;
let app: TestApp;
let funded: TestAccount;

beforeAll(async () => {
  deps = testDeps({ FRAMESHOT_PLANS: FUZZ_PLAN });
  app = buildApp(deps);
  funded = await createTestAccount(deps, { plan: 'fuzz', credits: FUNDED });
});

afterAll(async () => {
  await deps.browser.close();
});

function expectNo5xx(res: { status: number; text: string }, input: unknown) {
  if (res.status >= 500) {
    throw new Error(
      `HTTP ${res.status} for ${JSON.stringify(input).slice(0, 1500)}: ${res.text.slice(0, 400)}`,
    );
  }
}

/** Globs built from the pieces that make a backtracking matcher suffer, at and past the caps. */
const pattern = fc
  .array(fc.constantFrom('*', '**', 'a', '!', '.', '/', 'ads', '?', '[', '\\', '(', '|', '😀'), {
    minLength: 1,
    maxLength: 40,
  })
  .map((p) => p.join(''));
const block = fc.oneof(
  fc.array(pattern, { maxLength: 60 }),
  pattern,
  fc.tuple(pattern, fc.integer({ min: 1, max: 400 })).map(([p, n]) => p.repeat(n)),
);

/** Viewports, DPRs, devices, full pages and outputs around the pixel budget. */
const sizes = fc.record(
  {
    viewport: fc.record({
      width: fc.oneof(fc.integer({ min: 200, max: 3840 }), fc.constantFrom(3840, 200, 0, -1, 1e9)),
      height: fc.oneof(fc.integer({ min: 200, max: 10000 }), fc.constantFrom(10000, 200, 1e9)),
    }),
    capture_dpr: fc.oneof(fc.double({ min: 1, max: 3, noNaN: true }), fc.constantFrom(3, 1, 0, 4)),
    device: fc.constantFrom(...DEVICES),
    full_page: fc.boolean(),
    full_page_max_height: fc.oneof(fc.integer({ min: 200, max: 32768 }), fc.constantFrom(32768, 1e9)),
    selector: fc.constantFrom('body', 'h1', '#x'),
    output: fc.record(
      {
        width: fc.oneof(fc.integer({ min: 16, max: 6144 }), fc.constantFrom(6144, 100000)),
        height: fc.oneof(fc.integer({ min: 16, max: 6144 }), fc.constantFrom(6144, 100000)),
        dpr: fc.constantFrom(1, 2, 3, 4),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const BLOCKED = ['http://127.0.0.1:9/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/'];

describe('fuzzing the hardening inputs', () => {
  it('block patterns and pixel budgets: 4xx, every reservation refunded, no browser launched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/capture', '/v1/raw'),
        fc.constantFrom(...BLOCKED),
        fc.option(block, { nil: undefined }),
        sizes,
        async (path, url, b, s) => {
          const input = { url, ...s, ...(b === undefined ? {} : { block: b }) };
          const res = await call(app, 'POST', path, { key: funded.apiKey, body: input });
          expectNo5xx(res, input);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.json?.error?.code).toEqual(expect.any(String));
        },
      ),
      { numRuns: RUNS },
    );
    expect(await balanceAndLedger(deps, funded.accountId)).toMatchObject({
      balance: FUNDED,
      ledgerSum: FUNDED,
    });
    expect((await deps.browser.stats()).launches).toBe(0);
  });

  it('device-login codes of any length and shape: never a 5xx', async () => {
    const code = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('', '---', 'ABCD-EFGH', 'abcdefghi', 'ＡＢＣＤ-ＥＦＧＨ', 'ABCD-EFGH\u0000'),
      fc.integer({ min: 33, max: 200_000 }).map((n) => 'A'.repeat(n)),
    );
    // An address of its own, so this budget is not the one other files' device tests count on.
    const from = {
      requestContext: { http: { sourceIp: `2001:db8:${Date.now() % 65536}:${process.pid % 65536}::1` } },
    };
    const send = async (path: string, init: RequestInit = {}) => {
      const res = await app.request(path, init, from);
      return { status: res.status, text: await res.text() };
    };
    await fc.assert(
      fc.asyncProperty(code, fc.string({ maxLength: 100 }), async (userCode, apiKey) => {
        const page = await send(`/device?code=${encodeURIComponent(userCode)}`);
        expectNo5xx(page, userCode);
        const post = await send('/device', {
          method: 'POST',
          body: new URLSearchParams({ user_code: userCode, api_key: apiKey }).toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        expectNo5xx(post, { userCode, apiKey });
        const token = await send('/v1/device/token', {
          method: 'POST',
          body: JSON.stringify({ device_code: userCode }),
          headers: { 'Content-Type': 'application/json' },
        });
        expectNo5xx(token, userCode);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('render links with any expires spelling: 4xx, never a 5xx', async () => {
    const expires = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '0001700000000',
        '+1700000000',
        '-1',
        '1e12',
        '1700000000.0',
        ' 1700000000',
        '9'.repeat(30),
      ),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
    );
    await fc.assert(
      fc.asyncProperty(
        expires,
        fc.constantFrom('png', 'webp', 'jpg', 'pdf', 'exe', ''),
        fc.string({ maxLength: 70 }),
        async (e, ext, sig) => {
          const path = `/r/cap_01JABCDEFGHJKMNPQRSTVWXYZ0.${ext}?expires=${encodeURIComponent(e)}&sig=${encodeURIComponent(sig)}`;
          const res = await call(app, 'GET', path);
          expectNo5xx(res, path);
          expect(res.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('auth-profile domains of any shape: 201 or 400, never a 5xx', async () => {
    const domain = fc.oneof(
      fc.domain(),
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        'github.io',
        'co.uk',
        'com',
        'localhost',
        '127.0.0.1',
        '[::1]',
        'a..b',
        '.example.com',
        'xn--',
      ),
      fc.domain().map((d) => `${d}.github.io`),
    );
    await fc.assert(
      fc.asyncProperty(domain, async (d) => {
        const res = await call(app, 'POST', '/v1/auth-profiles', {
          key: funded.apiKey,
          body: { name: 'fuzz', domain: d, cookie_header: 'sid=1' },
        });
        expectNo5xx(res, d);
        expect([201, 400]).toContain(res.status);
        if (res.status === 201)
          await call(app, 'DELETE', `/v1/auth-profiles/${res.json.id}`, { key: funded.apiKey });
      }),
      { numRuns: RUNS },
    );
  });
});
