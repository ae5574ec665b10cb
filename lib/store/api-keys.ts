/**
 * @module store/api-keys
 * API keys (contract §2): random, shown once, stored only as a SHA-256 hash. A lookup is by
 * hash; the stored hash is then compared in constant time before the key is trusted.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../ids.ts';
import { isoTime, keys, type Table, withoutKeys } from './table.ts';

export const SCOPES = ['capture', 'raw', 'jobs', 'usage', 'projects', 'auth_profiles', 'renders'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  key_id: string;
  account_id: string;
  /** Absent = every scope. */
  scopes?: Scope[];
  test: boolean;
  /** First characters of the key, for people to recognise it in lists. */
  prefix: string;
  created_at: string;
  revoked_at?: string;
}

const KEY_PATTERN = /^sf_(live|test)_[A-Za-z0-9_-]{43}$/;

export const hashKey = (raw: string): string => createHash('sha256').update(raw).digest('hex');

export const looksLikeKey = (raw: string): boolean => KEY_PATTERN.test(raw);

export async function createApiKey(
  table: Table,
  input: { accountId: string; scopes?: Scope[]; test: boolean; now: number },
): Promise<{ apiKey: string; key: ApiKey }> {
  const apiKey = `sf_${input.test ? 'test' : 'live'}_${randomBytes(32).toString('base64url')}`;
  const key: ApiKey = {
    key_id: newId('key'),
    account_id: input.accountId,
    ...(input.scopes ? { scopes: input.scopes } : {}),
    test: input.test,
    prefix: apiKey.slice(0, 12),
    created_at: isoTime(input.now),
  };
  const hash = hashKey(apiKey);
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.apiKey(hash), ...keys.apiKeyById(key.key_id), type: 'api_key', hash, ...key },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { apiKey, key };
}

/** The active key for a raw key string, or undefined for unknown and revoked keys. */
export async function findActiveKey(table: Table, raw: string): Promise<ApiKey | undefined> {
  if (!looksLikeKey(raw)) return undefined;
  const hash = hashKey(raw);
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.apiKey(hash) }));
  if (!Item || typeof Item.hash !== 'string') return undefined;
  if (!timingSafeEqual(Buffer.from(Item.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  if (Item.revoked_at) return undefined;
  const { hash: _hash, ...key } = withoutKeys(Item);
  return key as ApiKey;
}

const memoKey = (hash: string) => `key:${hash}`;

/**
 * `findActiveKey` through the table's memo (store/memo): what authenticates requests. A revoked
 * key is refused at once by this process and within the memo's TTL by every other.
 */
export function authenticKey(table: Table, raw: string): Promise<ApiKey | undefined> {
  if (!table.memo || !looksLikeKey(raw)) return findActiveKey(table, raw);
  return table.memo.read(memoKey(hashKey(raw)), () => findActiveKey(table, raw));
}

/** Revokes by key id. Returns false when no such key exists. */
export async function revokeApiKey(table: Table, keyId: string, now: number): Promise<boolean> {
  const { Items } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :k',
      ExpressionAttributeValues: { ':k': keys.apiKeyById(keyId).gsi1pk },
    }),
  );
  const item = Items?.[0];
  if (!item) return false;
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET revoked_at = if_not_exists(revoked_at, :now)',
      ExpressionAttributeValues: { ':now': isoTime(now) },
    }),
  );
  table.memo?.forget(memoKey(item.hash as string));
  return true;
}
