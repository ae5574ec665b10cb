/**
 * The browser pool's pure parts, without Chromium: the slot semaphore (`pool/slots.ts`) and the
 * recycle policy (`pool/policy.ts`).
 */
import { describe, expect, it } from 'vitest';
import { verdict } from '../../lib/capture/pool/policy.ts';
import { createSlots } from '../../lib/capture/pool/slots.ts';

const busy = (ms: number) => new Error(`busy for ${ms} ms`);
const tick = () => new Promise((r) => setTimeout(r, 0));

/** The labels of `entries`, in the order they settle (filled in as they do). */
function order(entries: Record<string, Promise<unknown>>): string[] {
  const seen: string[] = [];
  for (const [label, p] of Object.entries(entries)) {
    p.then(
      () => seen.push(label),
      () => seen.push(`${label}!`),
    );
  }
  return seen;
}

describe('capture slots', () => {
  it('hands out free slots at once and queues the rest', async () => {
    const slots = createSlots({ size: 2, busy });
    await slots.take(1000);
    await slots.take(1000);
    const third = slots.take(1000);
    await tick();
    expect({ taken: slots.taken, queued: slots.queued }).toEqual({ taken: 2, queued: 1 });
    slots.give();
    await third;
    expect({ taken: slots.taken, queued: slots.queued }).toEqual({ taken: 2, queued: 0 });
  });

  it('admits waiters first in, first out', async () => {
    const slots = createSlots({ size: 1, busy });
    await slots.take(1000);
    const seen = order({ a: slots.take(1000), b: slots.take(1000), c: slots.take(1000) });
    for (let i = 0; i < 3; i++) {
      slots.give();
      await tick();
    }
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('does not let a newcomer overtake the queue when a slot frees', async () => {
    const slots = createSlots({ size: 1, busy });
    await slots.take(1000);
    const queued = slots.take(1000);
    slots.give();
    const late = slots.take(1000);
    const seen = order({ queued, late });
    await tick();
    expect(seen).toEqual(['queued']);
    expect(slots.queued).toBe(1);
  });

  it('gives up after the timeout with the busy error and leaves the queue', async () => {
    const slots = createSlots({ size: 1, busy });
    await slots.take(1000);
    const started = Date.now();
    await expect(slots.take(50)).rejects.toThrow('busy for 50 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(slots.queued).toBe(0);
    expect(slots.taken).toBe(1);
  });

  it('stops waiting when the signal aborts, with its reason', async () => {
    const slots = createSlots({ size: 1, busy });
    await slots.take(1000);
    const controller = new AbortController();
    const waiting = slots.take(10_000, controller.signal);
    const behind = slots.take(10_000);
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect(slots.queued).toBe(1);
    slots.give();
    await behind;
    expect(slots.taken).toBe(1);
  });

  it('holds the queue while draining until every taken slot is back', async () => {
    let draining = false;
    const slots = createSlots({ size: 3, draining: () => draining, busy });
    await slots.take(1000);
    await slots.take(1000);
    draining = true;
    const next = slots.take(1000);
    const seen = order({ next });
    slots.give();
    await tick();
    expect(seen).toEqual([]);
    slots.give();
    await tick();
    // Idle now: one is let in (it does the recycle); the drain holds the rest until it ends.
    expect(seen).toEqual(['next']);
    const after = slots.take(1000);
    const later = order({ after });
    await tick();
    expect(later).toEqual([]);
    draining = false;
    slots.recheck();
    await tick();
    expect(later).toEqual(['after']);
  });

  it('refuses every waiter on shutdown, each with its own error', async () => {
    const slots = createSlots({ size: 1, busy });
    await slots.take(1000);
    const a = slots.take(1000).catch((e: unknown) => e);
    const b = slots.take(1000).catch((e: unknown) => e);
    slots.refuseAll(() => new Error('shut down'));
    const [ea, eb] = await Promise.all([a, b]);
    expect((ea as Error).message).toBe('shut down');
    expect(ea).not.toBe(eb);
    expect(slots.queued).toBe(0);
  });
});

describe('recycle policy', () => {
  const limits = { recycleAfter: 3, maxRssMb: 500 };

  it('keeps a browser under every limit', () => {
    expect(verdict({ captures: 2, rssMb: 400, unhealthy: false, answered: true }, limits)).toBe('keep');
    expect(verdict({}, limits)).toBe('keep');
  });

  it('recycles after recycleAfter captures', () => {
    expect(verdict({ captures: 3 }, limits)).toBe('recycle');
    expect(verdict({ captures: 4 }, limits)).toBe('recycle');
  });

  it('recycles above the memory ceiling, not at it', () => {
    expect(verdict({ rssMb: 500 }, limits)).toBe('keep');
    expect(verdict({ rssMb: 501 }, limits)).toBe('recycle');
  });

  it('recycles after a capture that blamed the browser', () => {
    expect(verdict({ captures: 1, unhealthy: true }, limits)).toBe('recycle');
  });

  it('replaces a browser that failed the proof, whatever else is known', () => {
    expect(verdict({ answered: false }, limits)).toBe('replace');
    expect(verdict({ answered: false, captures: 9, rssMb: 9999, unhealthy: true }, limits)).toBe('replace');
  });
});
