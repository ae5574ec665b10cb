/**
 * The SDK's request policy against a tiny scripted server: Retry-After retries (with one
 * Idempotency-Key across them), what is not retried, timeouts, answers that are not the
 * envelope; and signCaptureUrl checked by the server's own verifier.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Frameshot, signCaptureUrl } from '@frameshot/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { signCaptureUrl as cliSignCaptureUrl } from '../../cli/lib/sign.js';
import { readSignedQuery, signatureMatches } from '../../lib/signing/capture-url.ts';
import { failure } from './failure.ts';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (to test timeouts). */
  hang?: boolean;
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Answers requests with `answers` in turn (the last one repeats), recording each request. */
async function scripted(answers: Answer[]) {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    const answer = answers[Math.min(requests.length, answers.length) - 1]!;
    req.resume();
    if (answer.hang) return;
    res
      .writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers })
      .end(answer.body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const envelope = (code: string, message: string) => JSON.stringify({ error: { code, message } });
const USAGE = JSON.stringify({ plan: 'pro', credits_remaining: 5 });
const rateLimited: Answer = {
  status: 429,
  headers: { 'Retry-After': '1', 'X-Request-Id': 'req_limited' },
  body: envelope('rate_limited', 'Too many requests'),
};

describe('retries', () => {
  it('waits as a 429 says and retries, then returns the answer', async () => {
    const server = await scripted([rateLimited, { status: 200, body: USAGE }]);
    const waits: number[] = [];
    const client = new Frameshot({ apiKey: 'k', baseUrl: server.baseUrl, onRetry: (_, s) => waits.push(s) });
    const started = Date.now();
    expect(await client.usage()).toMatchObject({ plan: 'pro' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([1]);
  });

  it('sends one generated Idempotency-Key with every attempt of a capture', async () => {
    const capture = JSON.stringify({ id: 'cap_1', url: 'http://x/r/cap_1.png', format: 'png' });
    const server = await scripted([
      { status: 503, headers: { 'Retry-After': '0' }, body: envelope('unavailable', 'Down') },
      { status: 201, body: capture },
    ]);
    const client = new Frameshot({ apiKey: 'k', baseUrl: server.baseUrl });
    expect(await client.capture({ url: 'https://example.com' })).toMatchObject({ id: 'cap_1' });
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer k');
  });

  it('gives the error back after maxRetries, or at once when Retry-After is over 60 s', async () => {
    const server = await scripted([rateLimited]);
    const once = new Frameshot({ apiKey: 'k', baseUrl: server.baseUrl, maxRetries: 1 });
    const err = await failure(once.usage());
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 1, requestId: 'req_limited' });
    expect(server.requests).toHaveLength(2);

    const later = await scripted([{ ...rateLimited, headers: { 'Retry-After': '120' } }]);
    const patient = new Frameshot({ apiKey: 'k', baseUrl: later.baseUrl });
    expect(await failure(patient.usage())).toMatchObject({ status: 429, retryAfter: 120 });
    expect(later.requests).toHaveLength(1);
  });
});

describe('failures without an envelope', () => {
  it('a request that outlasts timeoutMs is a timeout', async () => {
    const server = await scripted([{ status: 200, hang: true }]);
    const client = new Frameshot({ apiKey: 'k', baseUrl: server.baseUrl, timeoutMs: 200 });
    expect(await failure(client.usage())).toMatchObject({ code: 'timeout', status: undefined });
  });

  it('a proxy’s HTML error page keeps its status and text', async () => {
    const server = await scripted([
      { status: 502, headers: { 'Content-Type': 'text/html' }, body: 'Bad gateway' },
    ]);
    const client = new Frameshot({ apiKey: 'k', baseUrl: server.baseUrl });
    const err = await failure(client.usage());
    expect(err).toMatchObject({ status: 502, code: 'internal_error' });
    expect(err.message).toContain('Bad gateway');
  });
});

describe('signCaptureUrl', () => {
  const awkward = {
    url: 'https://example.com/a b/päge?q=1+2&x=(y)',
    title: "It's 100% *free* (for now) + more",
    subtitle: 'Café — 日本語 🚀 a+b=c & d',
    block: ['ads', '*.doubleclick.net/*'],
    output: { format: 'webp', quality: 80 },
    full_page: true,
  };

  it('mints URLs the server’s verifier accepts, and only with the right secret', () => {
    const url = signCaptureUrl({
      baseUrl: 'https://shots.example.com/',
      projectId: 'prj_1',
      secret: 'fss_secret',
      params: awkward,
      expiresIn: 60,
    });
    const query = readSignedQuery(new URL(url).search)!;
    expect(query.projectId).toBe('prj_1');
    expect(Object.fromEntries(query.pairs)).toMatchObject({ title: awkward.title, 'output.format': 'webp' });
    expect(signatureMatches(query, ['fss_secret'])).toBe(true);
    expect(signatureMatches(query, ['fss_other'])).toBe(false);
  });

  it('is the same recipe as the CLI’s', () => {
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const sdk = signCaptureUrl({
      baseUrl: 'https://s.example',
      projectId: 'prj_1',
      secret: 's',
      params: awkward,
      expires,
    });
    expect(
      cliSignCaptureUrl('https://s.example', awkward, { projectId: 'prj_1', secret: 's', expires }),
    ).toBe(sdk);
  });
});
