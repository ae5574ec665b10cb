/**
 * @module test/understand/corpus
 * The labelled page corpus that page understanding is measured against: pages in
 * `test/fixtures/pages/corpus/`, labels (page type, tone, element descriptions with the CSS
 * selector a person would crop) in `test/fixtures/corpus/labels.json`, and a way to open a
 * corpus page in Chromium the way a capture does (own context behind the egress guard).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { openCaptureContext } from '../../lib/capture/context.ts';
import { openGuard } from '../../lib/capture/guard.ts';
import type { PageType } from '../../lib/understand/classify.ts';
import { startTestPool, type TestPool } from '../capture/helpers.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

export { PAGE_TYPES, type PageType } from '../../lib/understand/classify.ts';

export interface CorpusDescription {
  /** What a user would type, e.g. "the pricing table". */
  text: string;
  /** A selector matching exactly one visible element: the one a person would crop. */
  expect: string;
}

export interface CorpusPage {
  /** Path under `test/fixtures/pages/`, e.g. `corpus/acme-pricing.html`. */
  file: string;
  page_type: PageType;
  /** The page background as a person sees it. */
  tone: 'light' | 'dark';
  /** Visually vivid (saturated colours over large areas). */
  colorful: boolean;
  descriptions: CorpusDescription[];
}

export interface Corpus {
  pages: CorpusPage[];
}

const LABELS = new URL('../fixtures/corpus/labels.json', import.meta.url);

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(LABELS, 'utf8')) as Corpus;
}

export interface PageOptions {
  /** CSS pixels; default 1440×900. */
  viewport?: { width: number; height: number };
  /** Device pixel ratio; default 1. */
  dpr?: number;
}

export interface CorpusBrowser {
  origin: string;
  /** Loads `${origin}/${file}`, waits for `load` and fonts, then runs `fn` on the page. */
  withPage<T>(file: string, fn: (page: Page) => Promise<T>, options?: PageOptions): Promise<T>;
  close(): Promise<void>;
}

/** A fixture server and a browser pool, outside any test runner (scripts, benchmarks). */
export async function startCorpusBrowser(): Promise<CorpusBrowser> {
  const fx: FixtureServer = await startFixtureServer();
  const tp: TestPool = await startTestPool();
  return {
    origin: fx.origin,
    withPage: (file, fn, options) => openPage(tp, fx.origin, file, fn, options),
    async close() {
      await tp.close();
      await fx.close();
    },
  };
}

/**
 * For a vitest file: starts the server and pool in `beforeAll`, stops them in `afterAll`.
 *
 * @example
 * const corpus = openCorpus();
 * it('finds the pricing table', () =>
 *   corpus.withPage('corpus/acme-pricing.html', async (page) => { ... }));
 */
export function openCorpus(): Pick<CorpusBrowser, 'withPage'> {
  let browser: CorpusBrowser | undefined;
  beforeAll(async () => {
    browser = await startCorpusBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    withPage(file, fn, options) {
      if (!browser) throw new Error('openCorpus(): withPage called before beforeAll ran');
      return browser.withPage(file, fn, options);
    },
  };
}

const LOAD_MS = 30_000;

async function openPage<T>(
  tp: TestPool,
  origin: string,
  file: string,
  fn: (page: Page) => Promise<T>,
  { viewport = { width: 1440, height: 900 }, dpr = 1 }: PageOptions = {},
): Promise<T> {
  const lease = await tp.pool.acquire({ timeoutMs: LOAD_MS });
  const guard = await openGuard({ allowPrivateTargets: true });
  try {
    const ctx = await openCaptureContext(lease.browser, guard.proxyUrl, 10_000);
    try {
      await ctx.page.setViewport({ ...viewport, deviceScaleFactor: dpr });
      await ctx.page.goto(`${origin}/${file}`, { waitUntil: 'load', timeout: LOAD_MS });
      await ctx.page.evaluate(() => document.fonts.ready.then(() => undefined));
      return await fn(ctx.page);
    } finally {
      await ctx.close();
    }
  } finally {
    await guard.close();
    lease.release();
  }
}
