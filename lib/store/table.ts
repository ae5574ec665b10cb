/**
 * @module store/table
 * The single-table layout (infra/resources.json): every item has `pk`/`sk`, lists go through
 * `gsi1`, expiring items carry `ttl` (unix seconds). Key builders live here so no repository
 * spells another's keys.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Table {
  db: DynamoDBDocumentClient;
  name: string;
}

export const keys = {
  account: (accountId: string) => ({ pk: `ACCT#${accountId}`, sk: 'ACCOUNT' }),
  apiKey: (hash: string) => ({ pk: `KEY#${hash}`, sk: 'KEY' }),
  apiKeyById: (keyId: string) => ({ gsi1pk: `KEYID#${keyId}`, gsi1sk: 'KEY' }),
  ledgerEntry: (accountId: string, entryId: string) => ({ pk: `ACCT#${accountId}`, sk: `LEDGER#${entryId}` }),
};

/** ISO 8601 UTC with milliseconds (contract §1). */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** DynamoDB TTL attribute value. */
export const ttlAt = (ms: number): number => Math.floor(ms / 1000);

/** Strips the table's key and bookkeeping attributes from an item before it leaves the store. */
export function withoutKeys<T extends Record<string, unknown>>(
  item: T,
): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'type' | 'ttl'> {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _gs, type: _t, ttl: _ttl, ...rest } = item;
  return rest;
}
