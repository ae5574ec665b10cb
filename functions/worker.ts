/** λ worker: SQS capture jobs → the capture pipeline (partial batch failures). */
import { depsFromConfig } from '../lib/deps.ts';
import { workerHandlers } from '../lib/worker.ts';

export const handler = workerHandlers(depsFromConfig()).captures;
