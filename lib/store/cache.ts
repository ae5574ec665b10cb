/**
 * @module store/cache
 * The render cache (§3 "Cache"): normalised-parameter hash → newest render with those pixels,
 * per account (an auth profile is part of the hash). Each request decides how old a render it
 * accepts with its own `cache_ttl`. The entry keeps a copy of the render's record, so a hit is one
 * read; deleting the render (store/renders) deletes the entry with it.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Render } from './renders.ts';
import { isConditionFailure, type Table, ttlAt } from './table.ts';

const cacheKeys = (accountId: string, hash: string) => ({ pk: `CACHE#${accountId}#${hash}`, sk: 'CACHE' });

/**
 * What the table holds for `hash`, in one round trip (both items share the partition): the render
 * cached under it if made less than `maxAgeMs` ago — its id, and its record when the entry keeps a
 * copy (entries written before copies were kept do not) — and the job warming it while its claim
 * lasts.
 */
export async function readCache(
  table: Table,
  accountId: string,
  hash: string,
  options: { maxAgeMs: number; now: number },
): Promise<{ renderId?: string; render?: Render; warmingJob?: string }> {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': cacheKeys(accountId, hash).pk },
      ConsistentRead: true,
    }),
  );
  const cached = Items.find((i) => i.sk === 'CACHE');
  const warming = Items.find((i) => i.sk === 'WARMING');
  return {
    ...(cached && options.now - (cached.created_ms as number) < options.maxAgeMs
      ? {
          renderId: cached.render_id as string,
          ...(cached.render ? { render: cached.render as Render } : {}),
        }
      : {}),
    ...(warming && (warming.until_ms as number) > options.now
      ? { warmingJob: warming.job_id as string }
      : {}),
  };
}

/** Makes `render` the one cached under `hash`; it lives as long as the render. */
export async function putCached(
  table: Table,
  entry: { accountId: string; hash: string; render: Render },
): Promise<void> {
  const { render } = entry;
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...cacheKeys(entry.accountId, entry.hash),
        type: 'cache',
        render_id: render.id,
        created_ms: Date.parse(render.created_at),
        render,
        ttl: ttlAt(Date.parse(render.expires_at)),
      },
    }),
  );
}

/** Drops the entry under `hash` if it is still `renderId`'s (the render was deleted). */
export async function forgetCached(
  table: Table,
  entry: { accountId: string; hash: string; renderId: string },
): Promise<void> {
  try {
    await table.db.send(
      new DeleteCommand({
        TableName: table.name,
        Key: cacheKeys(entry.accountId, entry.hash),
        ConditionExpression: 'render_id = :id',
        ExpressionAttributeValues: { ':id': entry.renderId },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

const warmingKeys = (accountId: string, hash: string) => ({
  pk: `CACHE#${accountId}#${hash}`,
  sk: 'WARMING',
});

/**
 * Claims the pre-warm of `hash` for `jobId` (a `HEAD` on a signed capture URL, §14) until
 * `untilMs`: true when this caller got it, false when another job is already warming it.
 */
export async function claimWarming(
  table: Table,
  entry: { accountId: string; hash: string; jobId: string; untilMs: number; now: number },
): Promise<boolean> {
  try {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...warmingKeys(entry.accountId, entry.hash),
          type: 'warming',
          job_id: entry.jobId,
          until_ms: entry.untilMs,
          ttl: ttlAt(entry.untilMs),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR until_ms < :now',
        ExpressionAttributeValues: { ':now': entry.now },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    return false;
  }
}

/** Gives a claim back (its job could not be queued). */
export async function releaseWarming(table: Table, accountId: string, hash: string): Promise<void> {
  await table.db.send(new DeleteCommand({ TableName: table.name, Key: warmingKeys(accountId, hash) }));
}

/** The job warming `hash`, while its claim lasts. */
export async function findWarming(
  table: Table,
  accountId: string,
  hash: string,
  now: number,
): Promise<string | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: warmingKeys(accountId, hash), ConsistentRead: true }),
  );
  return Item && (Item.until_ms as number) > now ? (Item.job_id as string) : undefined;
}
