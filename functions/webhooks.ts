/**
 * λ webhooks: one signed webhook attempt per message, retried with backoff through the queue.
 * It imports the processor itself rather than lib/worker.ts, so its bundle loads neither
 * Chromium's code nor sharp.
 */
import { deployedDeps } from '../lib/deps.ts';
import { withMetrics } from '../lib/metrics.ts';
import { sqsHandler } from '../lib/queue/sqs-handler.ts';
import { webhookProcessor } from '../lib/webhooks/deliver.ts';

const deps = await deployedDeps();

export const handler = withMetrics(deps.metrics, sqsHandler(webhookProcessor(deps), deps.logger));
