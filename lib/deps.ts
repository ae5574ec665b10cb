/**
 * @module deps
 * Everything a handler needs, built once at module scope from config and passed in — so tests
 * build the app against the emulators without module mocking.
 */
import { type AwsClients, createClients } from './aws/clients.ts';
import { withSecrets } from './aws/secrets.ts';
import { type BrowserPool, type BrowserPoolOptions, createBrowserPool } from './capture/index.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type Recorder } from './metrics.ts';
import type { RenderLinks } from './signing/render-url.ts';
import { createMemo } from './store/memo.ts';
import type { Table } from './store/table.ts';

export interface Deps {
  config: Config;
  aws: AwsClients;
  table: Table;
  logger: Logger;
  /** Captures, failures, cache hits, credits: CloudWatch metrics on Lambda, counts elsewhere. */
  metrics: Recorder;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now: () => number;
  /** Chromium, launched on the first capture. */
  browser: BrowserPool;
  /** Where render links point and the key that signs them. */
  links: RenderLinks;
}

export function depsFromConfig(config: Config = loadConfig(), browserOptions: BrowserPoolOptions = {}): Deps {
  const aws = createClients(config);
  if (!config.renderSecret)
    throw new ConfigError('FRAMESHOT_RENDER_SECRET is required: render URLs are signed with it');
  return {
    config,
    aws,
    table: { db: aws.db, name: config.table, memo: createMemo({ ttlMs: config.authCacheMs }) },
    logger: createLogger(config),
    metrics: createMetrics({ lambda: config.lambda }),
    now: Date.now,
    browser: createBrowserPool(config.browser, {
      filterListDirs: config.browser.filterListDirs,
      ...browserOptions,
    }),
    links: { base: config.publicBaseUrl, secret: config.renderSecret },
  };
}

/**
 * Deps for a Lambda function: the environment plus the deployment's secrets from Secrets Manager
 * (aws/secrets.ts), read once at cold start.
 */
export async function deployedDeps(): Promise<Deps> {
  return depsFromConfig(loadConfig(await withSecrets(process.env)));
}
