/**
 * `npm run test:faults`: every fault test, including the slow ones kept out of `npm test`
 * (`*.fault.ts`: they stop and restart a DynamoDB Local of their own). Same setup as the main
 * config otherwise.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { ...base.test, include: ['test/faults/**/*.test.ts', 'test/faults/**/*.fault.ts'] },
});
