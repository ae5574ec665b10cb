/**
 * @module deps
 * Everything a handler needs, built once at module scope from config and passed in — so tests
 * build the app against the emulators without module mocking.
 */
import { type AwsClients, createClients } from './aws/clients.ts';
import { type Config, loadConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import type { Table } from './store/table.ts';

export interface Deps {
  config: Config;
  aws: AwsClients;
  table: Table;
  logger: Logger;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now: () => number;
}

export function depsFromConfig(config: Config = loadConfig()): Deps {
  const aws = createClients(config);
  return {
    config,
    aws,
    table: { db: aws.db, name: config.table },
    logger: createLogger(config),
    now: Date.now,
  };
}
