/** λ deadLetters: capture messages SQS gave up on → failed jobs with refunds. */
import { deployedDeps } from '../lib/deps.ts';
import { workerHandlers } from '../lib/worker.ts';

export const handler = workerHandlers(await deployedDeps()).deadLetters;
