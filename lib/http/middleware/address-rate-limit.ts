/**
 * @module http/middleware/address-rate-limit
 * A rolling-window limit per client address for public routes, where there is no account to
 * count against (the CLI login). Same core and store as the account limit (billing/rate-limit,
 * billing/rate-limit-store), keyed by the route group and the address instead of an account; a refusal
 * is the same `429 rate_limited` with `Retry-After`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import ipaddr from 'ipaddr.js';
import { rateLimiter } from '../../billing/rate-limit-store.ts';
import type { Table } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';
import { rateLimited, rateLimitHeaders } from './rate-limit.ts';

export interface AddressRateLimitOptions {
  table: Table;
  now: () => number;
  /** Names the counter (routes sharing a name share their budget): `device-code`. */
  name: string;
  /** Requests admitted per address per window. */
  limit: number;
  /** What is limited, for the 429's message: "login codes". */
  what: string;
  windowMs?: number;
}

/** Where the adapters leave the peer: API Gateway's request context, or the Node socket. */
interface ConnectionEnv {
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
  incoming?: { socket?: { remoteAddress?: string } };
  server?: { incoming?: { socket?: { remoteAddress?: string } } };
}

/**
 * The client's address as the platform saw the connection — never `X-Forwarded-For`, which the
 * client writes itself. Undefined when the adapter does not say (then all such clients share one
 * budget).
 */
export function clientAddress(c: Context): string | undefined {
  const env = (c.env ?? {}) as ConnectionEnv;
  return (
    env.requestContext?.http?.sourceIp ??
    env.requestContext?.identity?.sourceIp ??
    (env.server ?? env).incoming?.socket?.remoteAddress
  );
}

/**
 * The budget an address counts against: IPv4 by address (IPv4-mapped IPv6 too), IPv6 by its /64,
 * since one subscriber is handed a whole /64 and could otherwise take a fresh budget per address.
 */
export function addressKey(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return 'unknown';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.kind() === 'ipv4') return ip.toString();
  const prefix = (ip as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${prefix.join(':')}::/64`;
}

/**
 * @example
 * router.app.use('/code', addressRateLimit({ table, now, name: 'device-code', limit: 10, what: 'login codes' }))
 */
export function addressRateLimit(options: AddressRateLimitOptions): MiddlewareHandler<AppEnv> {
  const { table, now, name, limit, what, windowMs = 60_000 } = options;
  const limiter = rateLimiter({ table, now, windowMs });
  const perWindow = windowMs === 60_000 ? 'per minute' : `per ${windowMs / 1000} s`;
  return async function addressRateLimit(c, next) {
    const decision = await limiter.consume(`ADDR#${name}#${addressKey(clientAddress(c))}`, limit);
    const headers = rateLimitHeaders(limit, decision);
    if (!decision.allowed) {
      throw rateLimited(
        decision,
        headers,
        (retryAfter) =>
          `Too many ${what} from your address: at most ${limit} ${perWindow}. Retry after ${retryAfter} s.`,
      );
    }
    await next();
    for (const [header, value] of Object.entries(headers)) c.res.headers.set(header, value);
  };
}
