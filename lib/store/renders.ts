/**
 * @module store/renders
 * Render metadata: who owns it, where the object is, when it expires. Lists are per account,
 * newest first, through `gsi1` (ULID ids sort by time).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RenderFormat } from '../schemas/capture.ts';
import type { CaptureResponse } from '../schemas/response.ts';
import { forgetCached } from './cache.ts';
import { type Table, ttlAt, withoutKeys } from './table.ts';

export interface Render {
  id: string;
  account_id: string;
  format: RenderFormat;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  s3_key: string;
  /** The page that was captured. */
  source_url: string;
  kind: 'capture' | 'raw';
  test: boolean;
  created_at: string;
  expires_at: string;
  /** Extra fields kept for cache hits and idempotent replays. */
  duration_ms: number;
  warnings: string[];
  element_resolved?: CaptureResponse['element_resolved'];
  /** What page understanding chose and why (§10). */
  ai_decisions?: CaptureResponse['ai_decisions'];
  resolved_params?: Record<string, unknown>;
  /** `output.format: "pdf"` (§14): pages printed and on which paper. */
  pdf?: CaptureResponse['pdf'];
  /** `animation` (§14): frames, rate and length of the animated image. */
  animation?: CaptureResponse['animation'];
}

const renderKeys = (id: string) => ({ pk: `RENDER#${id}`, sk: 'RENDER' });
const listKeys = (accountId: string, id: string) => ({ gsi1pk: `ACCT#${accountId}#RENDERS`, gsi1sk: id });

export async function putRender(table: Table, render: Render, cacheHash?: string): Promise<void> {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...renderKeys(render.id),
        ...listKeys(render.account_id, render.id),
        type: 'render',
        ttl: ttlAt(Date.parse(render.expires_at)),
        ...render,
        // The cache entry that keeps a copy of it, deleted with it (`deleteRenderRecord`).
        ...(cacheHash ? { cache_hash: cacheHash } : {}),
      },
    }),
  );
}

/** The render if it exists, belongs to `accountId` (when given) and has not expired. */
export async function getRender(
  table: Table,
  id: string,
  options: { accountId?: string; now: number },
): Promise<Render | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: renderKeys(id) }));
  if (!Item) return undefined;
  const { cache_hash: _hash, ...render } = withoutKeys(Item);
  return usableRender(render as unknown as Render, options);
}

/** `render` if it belongs to `accountId` (when given) and has not expired. */
export function usableRender(
  render: Render,
  options: { accountId?: string; now: number },
): Render | undefined {
  if (options.accountId && render.account_id !== options.accountId) return undefined;
  if (Date.parse(render.expires_at) <= options.now) return undefined;
  return render;
}

/** Deletes the record and the cache entry that keeps a copy of it, so no cache hit serves it. */
export async function deleteRenderRecord(table: Table, id: string): Promise<void> {
  const { Attributes: old } = await table.db.send(
    new DeleteCommand({ TableName: table.name, Key: renderKeys(id), ReturnValues: 'ALL_OLD' }),
  );
  if (typeof old?.cache_hash === 'string') {
    await forgetCached(table, { accountId: old.account_id as string, hash: old.cache_hash, renderId: id });
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** Newest first; `cursor` is the last id of the previous page. */
export async function listRenders(
  table: Table,
  accountId: string,
  options: { limit: number; cursor?: string; now: number },
): Promise<Page<Render>> {
  const items: Render[] = [];
  let start: Record<string, unknown> | undefined = options.cursor
    ? { ...renderKeys(options.cursor), ...listKeys(accountId, options.cursor) }
    : undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': listKeys(accountId, '').gsi1pk },
        ScanIndexForward: false,
        Limit: options.limit + 1,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const render = withoutKeys(item) as unknown as Render;
      if (Date.parse(render.expires_at) > options.now) items.push(render);
    }
    start = page.LastEvaluatedKey;
  } while (start && items.length <= options.limit);
  const hasMore = items.length > options.limit;
  const pageItems = items.slice(0, options.limit);
  return { items: pageItems, next_cursor: hasMore ? (pageItems.at(-1)?.id ?? null) : null };
}
