/**
 * @module http/middleware/idempotency
 * `Idempotency-Key` on POST routes (§3): the same key and body within 24 h returns the first
 * response and runs nothing new; the same key with another body is 409; concurrent duplicates
 * wait for the first to finish. Retryable outcomes (402, 429, 5xx) release the key instead of
 * being replayed, so a retry after fixing the cause can succeed.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import { claimKey, completeKey, releaseKey } from '../../store/idempotency.ts';
import type { Table } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';

export interface IdempotencyOptions {
  table: Table;
  now: () => number;
  /** How long a duplicate waits for the first request before giving up. */
  waitMs?: number;
}

const RELEASED = new Set([402, 408, 429]);

/** Key order and whitespace do not make two bodies different. */
function canonicalHash(text: string): string {
  let canonical = text;
  try {
    canonical = JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    // Not JSON: the handler rejects it; hash the raw text.
  }
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function idempotency(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  const { table, now, waitMs = 40_000 } = options;
  return async function idempotency(c, next) {
    const key = c.req.header('Idempotency-Key');
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ApiError(
        'invalid_params',
        400,
        'Invalid Idempotency-Key header. Use 1–255 visible ASCII characters, e.g. a UUID.',
      );
    }
    // Nothing is claimed for a request the rate limit refuses.
    await c.get('admitted');
    const accountId = c.get('auth').account.id;
    const bodyHash = canonicalHash(await c.req.text());
    const deadline = now() + waitMs;
    for (;;) {
      const claim = await claimKey(table, { accountId, key, bodyHash, now: now() });
      if (claim.state === 'conflict') {
        throw new ApiError(
          'idempotency_conflict',
          409,
          'This Idempotency-Key was already used with a different body. Use a new key for a different request.',
        );
      }
      if (claim.state === 'replay') {
        return c.body(claim.body, claim.status as 200, {
          'Content-Type': 'application/json; charset=UTF-8',
          'Idempotent-Replayed': 'true',
        });
      }
      if (claim.state === 'claimed') break;
      if (now() > deadline) {
        throw new ApiError(
          'idempotency_conflict',
          409,
          'A request with this Idempotency-Key is still in progress. Retry shortly.',
        );
      }
      await new Promise((r) => setTimeout(r, 150));
    }

    try {
      await next();
    } catch (err) {
      await releaseKey(table, accountId, key);
      throw err;
    }
    // Errors thrown by the handler were turned into c.res by onError already when we get here.
    const status = c.res.status;
    if (status >= 500 || RELEASED.has(status)) {
      await releaseKey(table, accountId, key);
    } else {
      await completeKey(table, { accountId, key, status, body: await c.res.clone().text() });
    }
  };
}
