/**
 * @module captures/cache
 * Cache reads and writes around a render, as the request's `cache_ttl` and `fresh` say.
 */
import type { Deps } from '../deps.ts';
import { readCache } from '../store/cache.ts';
import { getRender, type Render, usableRender } from '../store/renders.ts';

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

/**
 * The hash under which a new render becomes the cached one for its parameters (`fresh` stores
 * too; `cache_ttl: 0` does not): the render's store step writes the entry with the render.
 */
export function cacheHashFor(params: CacheParams, hash: string): string | undefined {
  return params.cache_ttl > 0 ? hash : undefined;
}
