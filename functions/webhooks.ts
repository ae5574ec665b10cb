/** λ webhooks: one signed webhook attempt per message, retried with backoff through the queue. */
import { depsFromConfig } from '../lib/deps.ts';
import { workerHandlers } from '../lib/worker.ts';

export const handler = workerHandlers(depsFromConfig()).webhooks;
