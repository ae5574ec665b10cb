/**
 * @module store/brands
 * `ai_brand` profiles cached per registrable domain (§10): read before a capture is priced (a
 * cached profile makes `ai_brand` free) and written after one is computed. Items expire through
 * the table's `ttl`; a read checks the time too, because DynamoDB deletes expired items late.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Table, ttlAt } from './table.ts';

/** How long a computed profile is reused. */
export const BRAND_TTL_MS = 7 * 24 * 3600 * 1000;

export interface CachedBrand {
  domain: string;
  /** The profile as `understand/brand` made it: plain data. */
  profile: Record<string, unknown>;
  created_at: number;
}

const brandKeys = (domain: string) => ({ pk: `BRAND#${domain}`, sk: 'BRAND' });

export async function getBrand(table: Table, domain: string, now: number): Promise<CachedBrand | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: brandKeys(domain) }));
  if (!Item || typeof Item.created_at !== 'number' || Item.created_at + BRAND_TTL_MS <= now) return undefined;
  return { domain, profile: Item.profile as Record<string, unknown>, created_at: Item.created_at };
}

export async function putBrand(table: Table, brand: CachedBrand): Promise<void> {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...brandKeys(brand.domain),
        type: 'brand',
        ttl: ttlAt(brand.created_at + BRAND_TTL_MS),
        ...brand,
      },
    }),
  );
}
