/**
 * @module logger
 * Structured JSON logs (Powertools) with the request id as correlation id.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from './config.ts';

export type { Logger };

export function createLogger(config: Pick<Config, 'logLevel'>, serviceName = 'frameshot'): Logger {
  return new Logger({ serviceName, logLevel: config.logLevel });
}
