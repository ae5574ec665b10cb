/**
 * Starts the emulators once per test run (DynamoDB Local in memory, fauxqs, s3rver in a temp
 * dir) and hands their environment to every test file through `inject('stackEnv')`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../lib/local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stack = await startLocalStack({ env: { FRAMESHOT_LOG_LEVEL: 'SILENT' } });
  project.provide('stackEnv', stack.env);
  return () => stack.stop();
}
