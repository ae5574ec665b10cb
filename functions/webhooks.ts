/** λ webhooks: one signed webhook attempt per message, retried with backoff through the queue. */
import { deployedDeps } from '../lib/deps.ts';
import { workerHandlers } from '../lib/worker.ts';

export const handler = workerHandlers(await deployedDeps()).webhooks;
