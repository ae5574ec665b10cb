/**
 * @module compose/cache
 * A byte-bounded LRU for the layers that do not depend on the screenshot (backgrounds, shadows,
 * frames, text), kept as raw pixels so a cache hit costs a memcpy, not a rasterisation.
 */

interface Entry<V> {
  value: V;
  bytes: number;
}

export class LayerCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(private maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Returns the cached value for `key`, or builds, stores and returns it (concurrent builds share one). */
  async get<V>(key: string, build: () => Promise<V>, sizeOf: (v: V) => number): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as V;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight as Promise<V>;
    this.misses++;
    const p = build().then(
      (value) => {
        this.pending.delete(key);
        this.put(key, value, sizeOf(value));
        return value;
      },
      (err: unknown) => {
        this.pending.delete(key);
        throw err;
      },
    );
    this.pending.set(key, p);
    return p;
  }

  private put(key: string, value: unknown, bytes: number): void {
    if (bytes > this.maxBytes / 4) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    this.evict();
  }

  /** Drops least recently used entries until the budget holds. */
  private evict(): void {
    for (const [k, e] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
    this.hits = 0;
    this.misses = 0;
  }

  resize(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.evict();
  }
}

/** The process-wide layer cache (256 MiB; `layerCache.resize` changes the budget). */
export const layerCache = new LayerCache(256 * 1024 * 1024);
