/**
 * @module captures/cache
 * Cache reads and writes around a render, as the request's `cache_ttl` and `fresh` say.
 */
import type { Deps } from '../deps.ts';
import { putCached, readCache } from '../store/cache.ts';
import { getRender, type Render } from '../store/renders.ts';

interface CacheParams {
  cache_ttl: number;
  fresh: boolean;
}

/**
 * A stored render with the same pixels made within `cache_ttl`, and the job a `HEAD` started to
 * make one (jobs/prewarm) — neither when `fresh` or `cache_ttl: 0`, which never read the cache.
 */
export async function lookUpCache(
  deps: Deps,
  input: { accountId: string; hash: string; params: CacheParams },
): Promise<{ render?: Render; warmingJob?: string }> {
  const { params } = input;
  if (params.cache_ttl <= 0 || params.fresh) return {};
  const now = deps.now();
  const { renderId, warmingJob } = await readCache(deps.table, input.accountId, input.hash, {
    maxAgeMs: params.cache_ttl * 1000,
    now,
  });
  const render = renderId
    ? await getRender(deps.table, renderId, { accountId: input.accountId, now })
    : undefined;
  return { ...(render ? { render } : {}), ...(warmingJob ? { warmingJob } : {}) };
}

/** Makes `render` the cached one for its parameters (`fresh` stores too; `cache_ttl: 0` does not). */
export async function rememberRender(
  deps: Deps,
  input: { accountId: string; hash: string; params: CacheParams; render: Render },
): Promise<void> {
  if (input.params.cache_ttl <= 0) return;
  await putCached(deps.table, {
    accountId: input.accountId,
    hash: input.hash,
    renderId: input.render.id,
    createdMs: Date.parse(input.render.created_at),
    renderExpiresMs: Date.parse(input.render.expires_at),
  });
}
