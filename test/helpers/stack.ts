/**
 * Test access to the emulators started by the global setup: deps, accounts with keys, and an
 * in-process app to send requests to.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { grantCredits } from '../../lib/billing/ledger.ts';
import { loadConfig } from '../../lib/config.ts';
import { type Deps, depsFromConfig } from '../../lib/deps.ts';
import { createAccount, setLimits } from '../../lib/store/accounts.ts';
import { createApiKey, type Scope } from '../../lib/store/api-keys.ts';
import { type FixtureServer, startFixtureServer } from './fixture-server.ts';

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...inject('stackEnv'), FRAMESHOT_LOG_LEVEL: 'SILENT', ...extra };
}

export function testDeps(extra: Record<string, string> = {}): Deps {
  return depsFromConfig(loadConfig(testEnv(extra)));
}

export interface TestAccount {
  accountId: string;
  apiKey: string;
  keyId: string;
}

export async function createTestAccount(
  deps: Deps,
  options: {
    plan?: string;
    credits?: number;
    scopes?: Scope[];
    test?: boolean;
    limits?: Parameters<typeof setLimits>[2];
  } = {},
): Promise<TestAccount> {
  const now = deps.now();
  const account = await createAccount(deps.table, { name: 'test', plan: options.plan ?? 'pro', now });
  if (options.limits) await setLimits(deps.table, account.id, options.limits);
  const credits = options.credits ?? 1000;
  if (credits > 0) await grantCredits(deps.table, account.id, credits, now);
  const { apiKey, key } = await createApiKey(deps.table, {
    accountId: account.id,
    scopes: options.scopes,
    test: options.test ?? false,
    now,
  });
  return { accountId: account.id, apiKey, keyId: key.key_id };
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  /** Raw body text (for malformed JSON tests). */
  raw?: string;
  headers?: Record<string, string>;
}

export type TestApp = ReturnType<typeof buildApp>;

/** Sends a request to the in-process app and returns the response plus its parsed JSON. */
export async function call(app: TestApp, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await app.request(path, { method, headers, body });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read response JSON freely.
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** A render's signed link followed: its 302 from the app, then the object from the S3 emulator. */
export async function downloadRender(
  app: TestApp,
  url: string,
): Promise<{ type: string | null; bytes: Buffer }> {
  const { pathname, search } = new URL(url);
  const redirect = await app.request(pathname + search);
  if (redirect.status !== 302) throw new Error(`${pathname} answered ${redirect.status}, not a redirect`);
  const file = await fetch(redirect.headers.get('location')!);
  return { type: file.headers.get('content-type'), bytes: Buffer.from(await file.arrayBuffer()) };
}

/** Deps that may capture fixture pages on 127.0.0.1 (private targets allowed), with a pool to close. */
export function captureDeps(extra: Record<string, string> = {}): Deps {
  return testDeps({ FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'true', FRAMESHOT_BROWSER_CONCURRENCY: '2', ...extra });
}

/**
 * An in-process app with Chromium and a fixture site for the tests of one file or describe
 * block: made in `beforeAll`, closed in `afterAll`. Read its fields inside the tests.
 */
export function captureApp(extra: Record<string, string> = {}): {
  deps: Deps;
  app: TestApp;
  site: FixtureServer;
} {
  const env = {} as { deps: Deps; app: TestApp; site: FixtureServer };
  beforeAll(async () => {
    env.deps = captureDeps(extra);
    env.app = buildApp(env.deps);
    env.site = await startFixtureServer();
  });
  afterAll(async () => {
    await env.deps?.browser.close();
    await env.site?.close();
  });
  return env;
}

/** The current balance and the ledger sum of an account. */
export async function balanceAndLedger(deps: Deps, accountId: string) {
  const { getAccount } = await import('../../lib/store/accounts.ts');
  const { listEntries } = await import('../../lib/billing/ledger.ts');
  const account = await getAccount(deps.table, accountId);
  const entries = await listEntries(deps.table, accountId);
  return {
    balance: account!.balance,
    ledgerSum: entries.reduce((sum, e) => sum + e.amount, 0),
    entries,
  };
}
