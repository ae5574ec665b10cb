/**
 * @module worker
 * The queue consumers as SQS batch handlers — the same functions behind the Lambda workers and
 * the local stack's poll loops.
 */
import type { Deps } from './deps.ts';
import { deadLetterProcessor } from './jobs/dead-letters.ts';
import { runJob } from './jobs/run.ts';
import { sqsHandler } from './queue/sqs-handler.ts';
import { webhookProcessor } from './webhooks/deliver.ts';

export function workerHandlers(deps: Deps) {
  return {
    captures: sqsHandler((record) => runJob(deps, record), deps.logger),
    deadLetters: sqsHandler(deadLetterProcessor(deps), deps.logger),
    webhooks: sqsHandler(webhookProcessor(deps), deps.logger),
  };
}
