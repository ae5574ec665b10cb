/**
 * @module store/memo
 * A process's short memory of the items every authenticated request reads — API keys (by hash)
 * and accounts — so the hot path asks DynamoDB only for what changes per request.
 *
 * The promise it keeps: nothing it remembers is older than `ttlMs` (10 s at most, config), so a
 * key revoked or an account changed by another process (another Lambda container, the admin CLI)
 * takes effect everywhere within that time; a write through the store in this process forgets the
 * item at once. It remembers only what was found: an unknown key is asked again each time, so a
 * key just created elsewhere works on its first request. Concurrent reads of one item share a
 * single DynamoDB call.
 */

export interface Memo {
  /** What `load` returns for `key`, remembered for the TTL when it is not undefined. */
  read<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined>;
  /** Forgets `key` (a write changed it); a read already under way is not remembered. */
  forget(key: string): void;
}

export interface MemoOptions {
  /** How long a found item is trusted; 0 turns the memo off. */
  ttlMs: number;
  /** Items kept; the oldest are dropped first. */
  maxEntries?: number;
  /** Milliseconds on a monotonic clock; injectable for tests. */
  clock?: () => number;
}

interface Entry {
  value: Promise<unknown>;
  /** Infinity while the load is under way. */
  expiresAt: number;
}

export function createMemo(options: MemoOptions): Memo {
  const { ttlMs, maxEntries = 10_000, clock = () => performance.now() } = options;
  const entries = new Map<string, Entry>();

  function drop(key: string, entry: Entry): void {
    if (entries.get(key) === entry) entries.delete(key);
  }

  return {
    read<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
      if (ttlMs <= 0) return load();
      const asked = clock();
      const known = entries.get(key);
      if (known && known.expiresAt > asked) return known.value as Promise<T | undefined>;
      if (known) entries.delete(key);
      const entry: Entry = { value: load(), expiresAt: Number.POSITIVE_INFINITY };
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      // The TTL runs from the question (the item may change just after it was read); a miss or a
      // failure is not remembered.
      entry.value.then(
        (value) => {
          if (value === undefined) drop(key, entry);
          else entry.expiresAt = asked + ttlMs;
        },
        () => drop(key, entry),
      );
      return entry.value as Promise<T | undefined>;
    },
    forget(key) {
      entries.delete(key);
    },
  };
}
