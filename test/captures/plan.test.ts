import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../lib/captures/cache-key.ts';
import { captureInput } from '../../lib/captures/produce.ts';
import {
  ASYNC_TIMEOUT_MS,
  SLOT_GRACE_MS,
  SYNC_TIMEOUT_MS,
  slotLeaseMs,
  syncTimeoutProblem,
  timeoutBudget,
} from '../../lib/schemas/budgets.ts';
import { FIELDS, RawParams } from '../../lib/schemas/capture.ts';
import { validate } from '../../lib/schemas/validate.ts';

describe('the field sets come from the schema groups', () => {
  it('puts the page, viewport and element fields in the page set, and nothing of delivery', () => {
    expect(FIELDS.page).toEqual(
      expect.arrayContaining(['url', 'wait_for', 'viewport', 'device', 'selector']),
    );
    expect(FIELDS.page).not.toContain('timeout_ms');
    expect(FIELDS.page).not.toContain('auth_profile_id');
    expect(FIELDS.delivery).toEqual(
      expect.arrayContaining(['async', 'timeout_ms', 'project_id', 'cache_ttl']),
    );
    expect(FIELDS.transport).toEqual(['api_key', 'expires', 'signature']);
    // Every raw field is a capture field, but for `pdf`: printing is /v1/raw's alone (§14).
    expect(FIELDS.capture).toEqual(
      expect.arrayContaining([...FIELDS.raw.filter((f) => f !== 'pdf'), 'shadow', 'title']),
    );
    expect(FIELDS.raw).toContain('pdf');
    expect(FIELDS.capture).not.toContain('pdf');
  });

  it('hands the capture engine the page fields only', () => {
    const params = validate(RawParams, { url: 'example.com', timeout_ms: 5000, cache_ttl: 0 });
    const input = captureInput(params);
    expect(Object.keys(input).sort()).toEqual([...FIELDS.page].sort());
    expect(input.url).toBe('https://example.com');
  });

  it('keeps delivery fields out of the cache key, and pixel fields in it', () => {
    const key = (body: Record<string, unknown>) =>
      cacheKey({ kind: 'raw', params: validate(RawParams, body), test: false });
    const base = key({ url: 'example.com' });
    expect(key({ url: 'example.com', timeout_ms: 5000, cache_ttl: 60, async: true })).toBe(base);
    expect(key({ url: 'example.com', full_page: true })).not.toBe(base);
    expect(key({ url: 'example.com', auth_profile_id: 'ap_1' })).not.toBe(base);
  });
});

describe('the time budgets', () => {
  it('clamps a capture to the limit of how it runs', () => {
    expect(timeoutBudget({ async: false })).toBe(SYNC_TIMEOUT_MS);
    expect(timeoutBudget({ async: false, timeout_ms: 5000 })).toBe(5000);
    expect(timeoutBudget({ async: true })).toBe(ASYNC_TIMEOUT_MS);
    expect(timeoutBudget({ async: true, timeout_ms: 60_000 })).toBe(60_000);
  });

  it('leases a sync slot for its own budget and an async one for the longest run', () => {
    expect(slotLeaseMs({ async: false, timeout_ms: 5000 })).toBe(5000 + SLOT_GRACE_MS);
    expect(slotLeaseMs({ async: true, timeout_ms: 5000 })).toBe(ASYNC_TIMEOUT_MS + SLOT_GRACE_MS);
  });

  it('refuses a sync timeout over the sync limit, and says to use async', () => {
    expect(syncTimeoutProblem({ async: false, timeout_ms: 60_000 })).toMatch(/use "async": true/);
    expect(syncTimeoutProblem({ async: true, timeout_ms: 60_000 })).toBeUndefined();
    expect(syncTimeoutProblem({ async: false, timeout_ms: SYNC_TIMEOUT_MS })).toBeUndefined();
  });
});
