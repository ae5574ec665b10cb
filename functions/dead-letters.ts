/** λ deadLetters: capture messages SQS gave up on → failed jobs with refunds. */
import { deployedDeps } from '../lib/deps.ts';
import { withMetrics } from '../lib/metrics.ts';
import { workerHandlers } from '../lib/worker.ts';

const deps = await deployedDeps();

export const handler = withMetrics(deps.metrics, workerHandlers(deps).deadLetters);
