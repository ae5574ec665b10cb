/**
 * @module captures/cache-key
 * The cache key (§3 "Cache"): account + every parameter that changes pixels, normalised —
 * validated (so defaults are applied), delivery-only fields dropped, keys sorted.
 */
import { createHash } from 'node:crypto';
import type { CaptureKind } from '../billing/prices.ts';
import { FIELDS } from '../schemas/capture.ts';

/** Fields that change how a render is delivered or billed, never its pixels (schema groups). */
const DELIVERY_FIELDS = new Set<string>([...FIELDS.delivery, ...FIELDS.transport]);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function cacheKey(input: {
  kind: CaptureKind;
  params: Record<string, unknown>;
  /** Renders made with an auth profile are cached per profile. */
  authProfileId?: string;
  /** Test-key renders expire after 24 h; they never stand in for live ones. */
  test: boolean;
}): string {
  const pixels = Object.fromEntries(Object.entries(input.params).filter(([k]) => !DELIVERY_FIELDS.has(k)));
  const material = JSON.stringify(
    canonical({ v: 1, kind: input.kind, test: input.test, profile: input.authProfileId ?? null, pixels }),
  );
  return createHash('sha256').update(material).digest('hex');
}
