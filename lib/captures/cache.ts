/**
 * @module captures/cache
 * Cache reads and writes around a render, as the request's `cache_ttl` and `fresh` say.
 */
import type { Deps } from '../deps.ts';
import { putCached, readCache } from '../store/cache.ts';
import { getRender, noteCacheEntry, type Render, usableRender } from '../store/renders.ts';

interface CacheParams {
  cache_ttl: number;
  fresh: boolean;
}

/**
 * A stored render with the same pixels made within `cache_ttl`, and the job a `HEAD` started to
 * make one (jobs/prewarm) — neither when `fresh` or `cache_ttl: 0`, which never read the cache.
 * One read: the entry keeps a copy of the render's record (an older entry points to it instead).
 */
export async function lookUpCache(
  deps: Deps,
  input: { accountId: string; hash: string; params: CacheParams },
): Promise<{ render?: Render; warmingJob?: string }> {
  const { params } = input;
  if (params.cache_ttl <= 0 || params.fresh) return {};
  const now = deps.now();
  const cached = await readCache(deps.table, input.accountId, input.hash, {
    maxAgeMs: params.cache_ttl * 1000,
    now,
  });
  const { renderId, warmingJob } = cached;
  const where = { accountId: input.accountId, now };
  const render = cached.render
    ? usableRender(cached.render, where)
    : renderId
      ? await getRender(deps.table, renderId, where)
      : undefined;
  return { ...(render ? { render } : {}), ...(warmingJob ? { warmingJob } : {}) };
}

/** Makes `render` the cached one for its parameters (`fresh` stores too; `cache_ttl: 0` does not). */
export async function rememberRender(
  deps: Deps,
  input: { accountId: string; hash: string; params: CacheParams; render: Render },
): Promise<void> {
  if (input.params.cache_ttl <= 0) return;
  const { accountId, hash, render } = input;
  await Promise.all([
    putCached(deps.table, { accountId, hash, render }),
    noteCacheEntry(deps.table, render.id, hash),
  ]);
}
