/** λ worker: SQS capture jobs → the capture pipeline (partial batch failures). */
import { deployedDeps } from '../lib/deps.ts';
import { withMetrics } from '../lib/metrics.ts';
import { workerHandlers } from '../lib/worker.ts';

const deps = await deployedDeps();

export const handler = withMetrics(deps.metrics, workerHandlers(deps).captures);
