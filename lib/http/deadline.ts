/**
 * @module http/deadline
 * When a request must have answered: on Lambda, now plus the invocation's remaining time (the
 * function's timeout, which sits under API Gateway's 29 s); elsewhere the configured request
 * timeout, so the local stack budgets synchronous work exactly as a deployment does.
 */
import type { Context } from 'hono';
import type { Deps } from '../deps.ts';

/** What hono/aws-lambda puts in the context's env. */
interface LambdaEnv {
  lambdaContext?: { getRemainingTimeInMillis?: () => number };
}

export function requestDeadline(c: Context, deps: Deps): number {
  const remaining = (c.env as LambdaEnv | undefined)?.lambdaContext?.getRemainingTimeInMillis?.();
  return deps.now() + (remaining ?? deps.config.requestTimeoutMs);
}
