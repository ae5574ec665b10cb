/**
 * @module http/middleware/rate-limit
 * The plan's rolling window per account (not per key), enforced in DynamoDB so every API
 * process shares it. Every authenticated response carries `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset`; a refusal is 429 `rate_limited` with an honest
 * `Retry-After` (a request sent after it is admitted). Runs before anything is charged.
 *
 * On a route marked `overlapsRateLimit` (http/router) the handler runs while the write is in
 * flight — its reads (a cache lookup, a usage query) cost no round trip of their own — and
 * `c.var.admitted` says when the request is admitted; the handler awaits it before writing or
 * charging anything, and a refusal replaces whatever it answered.
 */
import type { MiddlewareHandler } from 'hono';
import { effectivePlan } from '../../billing/plans.ts';
import type { RateLimitDecision } from '../../billing/rate-limit.ts';
import { rateLimiter } from '../../billing/rate-limit-store.ts';
import type { Plan } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import type { Table } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';

export interface RateLimitOptions {
  table: Table;
  plans: Record<string, Plan>;
  now: () => number;
  windowMs?: number;
}

/** The `RateLimit-*` headers of a decision against `limit` admissions per window. */
export function rateLimitHeaders(limit: number, decision: RateLimitDecision): Record<string, string> {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(Math.ceil(decision.resetMs / 1000)),
  };
}

/** A refused decision as `429 rate_limited` with an honest `Retry-After` (whole seconds, ≥ 1). */
export function rateLimited(
  decision: RateLimitDecision,
  headers: Record<string, string>,
  message: (retryAfter: number) => string,
): ApiError {
  const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return new ApiError('rate_limited', 429, message(retryAfter), { retry_after: retryAfter }).withHeaders({
    ...headers,
    'Retry-After': String(retryAfter),
  });
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { table, plans, now, windowMs = 60_000 } = options;
  // One per app: it coalesces this process's concurrent requests of an account into one write.
  const limiter = rateLimiter({ table, now, windowMs });
  return async function rateLimit(c, next) {
    const { account } = c.get('auth');
    const plan = effectivePlan(account, plans);
    const admission = limiter.consume(account.id, plan.requestsPerMinute).then((decision) => {
      const headers = rateLimitHeaders(plan.requestsPerMinute, decision);
      if (!decision.allowed) {
        throw rateLimited(
          decision,
          headers,
          (retryAfter) =>
            `Rate limit of ${plan.requestsPerMinute} requests per minute reached (${plan.name} plan). Retry after ${retryAfter} s.`,
        );
      }
      return headers;
    });
    let headers: Record<string, string>;
    if (c.get('overlapsRateLimit')) {
      // Awaited below, after the handler; until then a refusal must not count as unhandled.
      admission.catch(() => undefined);
      c.set('admitted', admission);
      await next();
      headers = await admission;
    } else {
      headers = await admission;
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      await next();
    }
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
