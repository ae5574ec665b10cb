/**
 * A synchronous capture ends before its request does (issue #17): the capture runs with the
 * request's remaining time less the answer reserve, so a page that never finishes loading is
 * answered in the envelope — or, with `async_fallback` (default), as a 202 job — before the
 * platform would cut the request, with its credits refunded and its concurrency slot free.
 * The deadline comes from Lambda's `getRemainingTimeInMillis()` when there is one, else from
 * FRAMESHOT_REQUEST_TIMEOUT_MS (here 8 s).
 */
import { describe, expect, it } from 'vitest';
import { SYNC_ANSWER_RESERVE_MS } from '../../lib/schemas/budgets.ts';
import { getJob } from '../../lib/store/jobs.ts';
import { balanceAndLedger, call, captureApp, createTestAccount } from '../helpers/stack.ts';

const REQUEST_MS = 8_000;
const env = captureApp({ FRAMESHOT_REQUEST_TIMEOUT_MS: String(REQUEST_MS) });

/** A capture of a page that answers after a minute: it can only end by running out of time. */
const never = (n: number, extra: Record<string, unknown> = {}) => ({
  url: `${env.site.origin}/slow?ms=60000&n=${n}`,
  ...extra,
});

async function timed<T>(work: T | Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work;
  return { result, ms: performance.now() - started };
}

/** The account's only slot is free: a quick capture gets it. */
async function slotIsFree(apiKey: string, n: number) {
  const res = await call(env.app, 'POST', '/v1/raw', {
    key: apiKey,
    body: { url: `${env.site.origin}/basic.html?free=${n}` },
  });
  expect(res.status).toBe(201);
}

describe('a synchronous capture that would outlast its request', () => {
  it('continues as a job: 202 before the deadline, the sync charge refunded, the slot free', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { plan: 'free', credits: 10 });
    const { result: res, ms } = await timed(
      call(env.app, 'POST', '/v1/raw', { key: apiKey, body: never(1) }),
    );
    expect(res.status).toBe(202);
    expect(ms).toBeLessThan(REQUEST_MS);
    expect(res.headers.get('location')).toBe(`/v1/jobs/${res.json.job_id}`);
    expect(res.json.warnings[0]).toMatch(/did not finish within the \d+ ms a synchronous request had left/);
    const job = await getJob(env.deps.table, res.json.job_id);
    expect(job).toMatchObject({ status: 'pending', account_id: accountId });
    expect(job!.plan.params.async).toBe(true);
    expect(job!.plan.budget.timeoutMs).toBe(90_000);
    // Charged once: the sync reservation came back, the job holds the price.
    const { balance, entries } = await balanceAndLedger(env.deps, accountId);
    expect(balance).toBe(9);
    const sum = (ref: string) => entries.filter((e) => e.ref === ref).reduce((n, e) => n + e.amount, 0);
    expect(sum(job!.plan.renderId), 'the sync reservation and its refund').toBe(0);
    expect(sum(job!.plan.refundRef), "the job's reservation").toBe(-1);
    await slotIsFree(apiKey, 1);
  });

  it('answers the timeout in the envelope with async_fallback off, nothing charged, slot free', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { plan: 'free', credits: 10 });
    const { result: res, ms } = await timed(
      call(env.app, 'POST', '/v1/capture', { key: apiKey, body: never(2, { async_fallback: false }) }),
    );
    expect(ms).toBeLessThan(REQUEST_MS);
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'capture_failed', reason: 'navigation_timeout' });
    expect(res.json.error.message).toMatch(/synchronous request had left; nothing was charged/);
    expect(res.json.error.message).toMatch(/"async": true/);
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
    expect(env.deps.metrics.snapshot().CaptureFailures).toBeGreaterThan(0);
    await slotIsFree(apiKey, 2);
  });

  it("budgets from Lambda's remaining time when the request carries a Lambda context", async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { plan: 'free', credits: 10 });
    const remaining = 7_500;
    const lambda = { lambdaContext: { getRemainingTimeInMillis: () => remaining } };
    const { result: res, ms } = await timed(
      env.app.request(
        '/v1/raw',
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(never(3, { async_fallback: false })),
        },
        lambda,
      ),
    );
    expect(res.status).toBe(422);
    // The capture got what Lambda had left less the reserve, not the configured 8 s less it.
    expect(ms).toBeLessThan(remaining - SYNC_ANSWER_RESERVE_MS + 1_500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /within the 2[0-5]\d\d ms a synchronous request had left/,
    );
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
  });

  it('does not start a browser when too little of the request is left: straight to a job', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { plan: 'free', credits: 10 });
    const lambda = { lambdaContext: { getRemainingTimeInMillis: () => 4_000 } };
    const res = await env.app.request(
      '/v1/raw',
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: `${env.site.origin}/basic.html?short=1` }),
      },
      lambda,
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { job_id: string; warnings: string[] };
    expect(body.warnings[0]).toMatch(/Too little of the synchronous request was left/);
    // Only the job's reservation: no sync charge was ever made.
    const { entries, balance } = await balanceAndLedger(env.deps, accountId);
    expect(balance).toBe(9);
    expect(entries.filter((e) => e.amount < 0)).toHaveLength(1);
  });

  it('keeps its own shorter timeout_ms: a 422 of its own, not a job', async () => {
    const { apiKey } = await createTestAccount(env.deps, { plan: 'free', credits: 10 });
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: never(5, { timeout_ms: 1_500 }),
    });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/1500 ms budget \(timeout_ms\)/);
  });

  it('still answers 201 for a page that loads in time, counted in the metrics', async () => {
    const { apiKey } = await createTestAccount(env.deps, { plan: 'free', credits: 10 });
    const before = env.deps.metrics.snapshot();
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${env.site.origin}/basic.html?fast=1`, device: 'iphone-16-pro' },
    });
    expect(res.status).toBe(201);
    const after = env.deps.metrics.snapshot();
    expect(after.Captures - before.Captures).toBe(1);
    expect(after.CreditsCharged - before.CreditsCharged).toBe(3);
  });

  it('tags every log line of a request with its id while it runs', async () => {
    const appended: unknown[] = [];
    const removed: unknown[] = [];
    const logger = env.deps.logger;
    const append = logger.appendKeys.bind(logger);
    const remove = logger.removeKeys.bind(logger);
    logger.appendKeys = (keys) => {
      appended.push(keys);
      append(keys);
    };
    logger.removeKeys = (keys) => {
      removed.push(keys);
      remove(keys);
    };
    try {
      const res = await call(env.app, 'GET', '/health', { headers: { 'X-Request-Id': 'req-log-check-1' } });
      expect(res.headers.get('x-request-id')).toBe('req-log-check-1');
      expect(appended).toEqual([{ request_id: 'req-log-check-1' }]);
      expect(removed).toEqual([['request_id']]);
    } finally {
      logger.appendKeys = append;
      logger.removeKeys = remove;
    }
  });
});
