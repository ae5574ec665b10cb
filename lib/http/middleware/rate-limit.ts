/**
 * @module http/middleware/rate-limit
 * The plan's rolling window per account (not per key), enforced in DynamoDB so every API
 * process shares it. Every authenticated response carries `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset`; a refusal is 429 `rate_limited` with an honest
 * `Retry-After` (a request sent after it is admitted). Runs before anything is charged.
 */
import type { MiddlewareHandler } from 'hono';
import { effectivePlan } from '../../billing/plans.ts';
import type { Plan } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import { rateLimiter } from '../../store/rate-limits.ts';
import type { Table } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';

export interface RateLimitOptions {
  table: Table;
  plans: Record<string, Plan>;
  now: () => number;
  windowMs?: number;
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { table, plans, now, windowMs = 60_000 } = options;
  // One per app: it coalesces this process's concurrent requests of an account into one write.
  const limiter = rateLimiter({ table, now, windowMs });
  return async function rateLimit(c, next) {
    const { account } = c.get('auth');
    const plan = effectivePlan(account, plans);
    const decision = await limiter.consume(account.id, plan.requestsPerMinute);
    const headers = {
      'RateLimit-Limit': String(plan.requestsPerMinute),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(Math.ceil(decision.resetMs / 1000)),
    };
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new ApiError(
        'rate_limited',
        429,
        `Rate limit of ${plan.requestsPerMinute} requests per minute reached (${plan.name} plan). Retry after ${retryAfter} s.`,
        { retry_after: retryAfter },
      ).withHeaders({ ...headers, 'Retry-After': String(retryAfter) });
    }
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
