/**
 * @module http/middleware/api-key-auth
 * Authenticates `Authorization: Bearer sf_live_…|sf_test_…` (or the `api_key` query fallback)
 * against the hashed keys in DynamoDB and puts the account and key on the context. Keys and
 * accounts come through the process's memo (store/memo): a warm request reads neither.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import { SIGNED_PATH } from '../../signing/capture-url.ts';
import { recentAccount } from '../../store/accounts.ts';
import { authenticKey } from '../../store/api-keys.ts';
import type { Table } from '../../store/table.ts';
import type { AppEnv, Auth } from '../env.ts';

export interface ApiKeyAuthOptions {
  table: Table;
  /** Authenticates a signed capture URL (§5); consulted for `GET` (and `HEAD`, §14's pre-warm) `/v1/capture?…&signature=…` only. */
  signedUrls?: (search: string) => Promise<Auth>;
}

const unauthorized = (message: string) =>
  new ApiError('unauthorized', 401, message).withHeaders({ 'WWW-Authenticate': 'Bearer realm="frameshot"' });

/** The raw key from the header or the query, or undefined when neither is present. */
export function presentedKey(header: string | undefined, query: string | undefined): string | undefined {
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Malformed Authorization header. Use: Authorization: Bearer sf_live_…');
    return match[1];
  }
  return query || undefined;
}

/**
 * @example
 * app.use('/v1/*', apiKeyAuth({ table }))
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<AppEnv> {
  const { table, signedUrls } = options;
  return async function apiKeyAuth(c, next) {
    const search = new URL(c.req.url).search;
    if (
      signedUrls &&
      (c.req.method === 'GET' || c.req.method === 'HEAD') &&
      c.req.path === SIGNED_PATH &&
      /[?&]signature=/.test(search)
    ) {
      c.set('auth', await signedUrls(search));
      return next();
    }
    const raw = presentedKey(c.req.header('Authorization'), c.req.query('api_key'));
    if (!raw) {
      throw unauthorized(
        'Missing API key. Send Authorization: Bearer sf_live_… (or the api_key query parameter).',
      );
    }
    const key = await authenticKey(table, raw);
    if (!key) throw unauthorized('Unknown or revoked API key. Check the key, or create a new one.');
    const account = await recentAccount(table, key.account_id);
    if (!account) throw unauthorized('Unknown or revoked API key. Check the key, or create a new one.');
    c.set('auth', { account, key });
    await next();
  };
}
