/** λ webhooks: one signed webhook attempt per message, retried with backoff through the queue. */
import { deployedDeps } from '../lib/deps.ts';
import { withMetrics } from '../lib/metrics.ts';
import { workerHandlers } from '../lib/worker.ts';

const deps = await deployedDeps();

export const handler = withMetrics(deps.metrics, workerHandlers(deps).webhooks);
