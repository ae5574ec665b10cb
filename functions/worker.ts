/** λ worker: SQS capture jobs → the capture pipeline (partial batch failures). */
import { deployedDeps } from '../lib/deps.ts';
import { workerHandlers } from '../lib/worker.ts';

export const handler = workerHandlers(await deployedDeps()).captures;
