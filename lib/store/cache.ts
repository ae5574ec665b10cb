/**
 * @module store/cache
 * The render cache (§3 "Cache"): normalised-parameter hash → newest render with those pixels,
 * per account (an auth profile is part of the hash). Each request decides how old a render it
 * accepts with its own `cache_ttl`.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Table, ttlAt } from './table.ts';

const cacheKeys = (accountId: string, hash: string) => ({ pk: `CACHE#${accountId}#${hash}`, sk: 'CACHE' });

/** The render id cached under `hash` if it was made less than `maxAgeMs` ago. */
export async function findCached(
  table: Table,
  accountId: string,
  hash: string,
  options: { maxAgeMs: number; now: number },
): Promise<string | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: cacheKeys(accountId, hash) }),
  );
  if (!Item || options.now - (Item.created_ms as number) >= options.maxAgeMs) return undefined;
  return Item.render_id as string;
}

export async function putCached(
  table: Table,
  entry: { accountId: string; hash: string; renderId: string; createdMs: number; renderExpiresMs: number },
): Promise<void> {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...cacheKeys(entry.accountId, entry.hash),
        type: 'cache',
        render_id: entry.renderId,
        created_ms: entry.createdMs,
        ttl: ttlAt(entry.renderExpiresMs),
      },
    }),
  );
}
