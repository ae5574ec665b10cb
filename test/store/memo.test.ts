import { describe, expect, it } from 'vitest';
import { createMemo } from '../../lib/store/memo.ts';

/** A memo on a clock the test moves, and a loader that counts its calls. */
function setUp(ttlMs = 1000) {
  const state = { now: 0, loads: 0, value: 'v1' as string | undefined };
  const memo = createMemo({ ttlMs, clock: () => state.now });
  const load = async () => {
    state.loads++;
    return state.value;
  };
  return { state, memo, read: () => memo.read('key:a', load) };
}

describe('the memo of keys and accounts', () => {
  it('answers from memory within the TTL and asks again after it', async () => {
    const { state, read } = setUp();
    expect(await read()).toBe('v1');
    state.value = 'v2';
    state.now = 999;
    expect(await read()).toBe('v1');
    state.now = 1000;
    expect(await read()).toBe('v2');
    expect(state.loads).toBe(2);
  });

  it('counts the TTL from the question, so nothing it answers is older than the TTL', async () => {
    const state = { now: 0 };
    const memo = createMemo({ ttlMs: 1000, clock: () => state.now });
    let release!: (v: string) => void;
    const slow = memo.read('k', () => new Promise<string>((r) => (release = r)));
    state.now = 600;
    release('old');
    expect(await slow).toBe('old');
    state.now = 1000;
    expect(await memo.read('k', async () => 'new')).toBe('new');
  });

  it('does not remember a miss: a key created meanwhile works on its next request', async () => {
    const { state, read } = setUp();
    state.value = undefined;
    expect(await read()).toBeUndefined();
    state.value = 'created';
    expect(await read()).toBe('created');
  });

  it('forgets at once, and never stores a read that was under way when it forgot', async () => {
    const state = { now: 0 };
    const memo = createMemo({ ttlMs: 1000, clock: () => state.now });
    let release!: (v: string) => void;
    const before = memo.read('k', () => new Promise<string>((r) => (release = r)));
    memo.forget('k');
    release('before the write');
    expect(await before).toBe('before the write');
    expect(await memo.read('k', async () => 'after the write')).toBe('after the write');
  });

  it('shares one load between concurrent reads, and does not remember a failure', async () => {
    const { state, read } = setUp();
    await Promise.all([read(), read(), read()]);
    expect(state.loads).toBe(1);
    const memo = createMemo({ ttlMs: 1000 });
    await expect(memo.read('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await memo.read('k', async () => 'up')).toBe('up');
  });

  it('is off with a TTL of 0', async () => {
    const { state, read } = setUp(0);
    await read();
    await read();
    expect(state.loads).toBe(2);
  });
});
