/**
 * λ deadLetters: capture messages SQS gave up on → failed jobs with refunds. It imports the
 * processor itself rather than lib/worker.ts, so its bundle loads neither Chromium's code nor sharp.
 */
import { deployedDeps } from '../lib/deps.ts';
import { deadLetterProcessor } from '../lib/jobs/dead-letters.ts';
import { withMetrics } from '../lib/metrics.ts';
import { sqsHandler } from '../lib/queue/sqs-handler.ts';

const deps = await deployedDeps();

export const handler = withMetrics(deps.metrics, sqsHandler(deadLetterProcessor(deps), deps.logger));
