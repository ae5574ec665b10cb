/**
 * @module test/capture/helpers
 * Shared setup for capture tests: a browser pool with its own TMPDIR, pixel helpers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import * as v from 'valibot';
import { afterAll, beforeAll } from 'vitest';
import {
  type BrowserPool,
  type BrowserPoolOptions,
  type CaptureInput,
  createBrowserPool,
} from '../../lib/capture/index.ts';
import { loadConfig } from '../../lib/config.ts';
import { RawParams } from '../../lib/schemas/capture.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

export interface TestPool {
  pool: BrowserPool;
  tmpDir: string;
  close(): Promise<void>;
}

export async function startTestPool(
  options: Omit<BrowserPoolOptions, 'tmpDir'> = {},
  env: Record<string, string> = {},
): Promise<TestPool> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'frameshot-test-'));
  const config = loadConfig(env).browser;
  const pool = createBrowserPool(config, { ...options, tmpDir });
  return {
    pool,
    tmpDir,
    async close() {
      await pool.close();
      await rm(tmpDir, { recursive: true, force: true });
    },
  };
}

/** A fixture server and a browser pool shared by the tests of one file (set up in `beforeAll`). */
export function captureFixtures(options: Omit<BrowserPoolOptions, 'tmpDir'> = {}): {
  fx: FixtureServer;
  tp: TestPool;
} {
  const env = {} as { fx: FixtureServer; tp: TestPool };
  beforeAll(async () => {
    env.fx = await startFixtureServer();
    env.tp = await startTestPool(options);
  });
  afterAll(async () => {
    await env.tp?.close();
    await env.fx?.close();
  });
  return env;
}

/** Parameters as the route would pass them: validated by the real schema, defaults applied. */
export function params(input: Record<string, unknown>): CaptureInput {
  return v.parse(RawParams, input);
}

export interface Pixels {
  width: number;
  height: number;
  /** [r, g, b] at (x, y) in device pixels. */
  at(x: number, y: number): [number, number, number];
}

export async function pixels(png: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at(x, y) {
      const i = (Math.round(y) * info.width + Math.round(x)) * 3;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    },
  };
}

/** Is `actual` within `tolerance` of `expected` on every channel? */
export function near(
  actual: [number, number, number],
  expected: [number, number, number],
  tolerance = 12,
): boolean {
  return actual.every((c, i) => Math.abs(c - expected[i]!) <= tolerance);
}

export function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}
