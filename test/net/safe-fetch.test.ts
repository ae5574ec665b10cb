import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressError, type LookupFn, safeFetch } from '../../lib/net/index.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

let fx: FixtureServer;
beforeAll(async () => {
  fx = await startFixtureServer();
});
afterAll(() => fx.close());

const base = { maxBytes: 1_000_000, timeoutMs: 5000 };
const PUBLIC = '93.184.215.14';

describe('safeFetch', () => {
  it('refuses private targets and never connects to them', async () => {
    fx.clear();
    for (const url of [
      `http://127.0.0.1:${fx.port}/`,
      `http://localhost:${fx.port}/`,
      `http://2130706433:${fx.port}/`,
      `http://[::ffff:127.0.0.1]:${fx.port}/`,
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const err = await safeFetch(url, { ...base, allowPrivateTargets: false }).catch((e) => e);
      expect(err, url).toBeInstanceOf(EgressError);
      expect(err.kind, url).toBe('blocked');
    }
    expect(fx.log).toHaveLength(0);
  });

  it('fetches when private targets are allowed, with method, headers and body', async () => {
    fx.clear();
    const res = await safeFetch(`${fx.origin}/beacon?a=1`, {
      ...base,
      allowPrivateTargets: true,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: '{"ok":true}',
    });
    expect(res.status).toBe(204);
    expect(fx.log[0]).toMatchObject({ method: 'POST', path: '/beacon' });
    expect(fx.log[0]?.headers['x-test']).toBe('yes');
  });

  it('re-checks every redirect hop', async () => {
    // public.test "is" a public address that the dial hook maps onto the fixture server.
    const lookup: LookupFn = async (host) => (host === 'public.test' ? [{ address: PUBLIC, family: 4 }] : []);
    const dial = (address: string, port: number) =>
      net.connect({ host: address === PUBLIC ? '127.0.0.1' : address, port });
    const hop = (to: string) => `http://public.test:${fx.port}/redirect?to=${encodeURIComponent(to)}`;
    fx.clear();
    for (const to of [
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${fx.port}/secret`,
      `http://[::1]:${fx.port}/secret`,
    ]) {
      const err = await safeFetch(hop(to), { ...base, allowPrivateTargets: false, lookup, dial }).catch(
        (e) => e,
      );
      expect(err, to).toMatchObject({ kind: 'blocked' });
    }
    expect(fx.requests('/redirect')).toHaveLength(3);
    expect(fx.requests('/secret')).toHaveLength(0);
    const followed = await safeFetch(hop('/basic.html'), {
      ...base,
      allowPrivateTargets: false,
      lookup,
      dial,
    });
    expect(followed).toMatchObject({ status: 200, url: `http://public.test:${fx.port}/basic.html` });
    const ok = await safeFetch(`${fx.origin}/redirect?to=/basic.html`, {
      ...base,
      allowPrivateTargets: true,
    });
    expect(ok).toMatchObject({ status: 200, url: `${fx.origin}/basic.html` });
  });

  it('pins the connection to the resolved address', async () => {
    let lookups = 0;
    const lookup: LookupFn = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const res = await safeFetch(`http://fixture.test:${fx.port}/basic.html`, {
      ...base,
      allowPrivateTargets: true,
      lookup,
    });
    expect(res.status).toBe(200);
    expect(lookups).toBe(1);
    expect(fx.log.at(-1)?.host).toBe(`fixture.test:${fx.port}`);
  });

  it('caps size and time', async () => {
    await expect(
      safeFetch(`${fx.origin}/img?color=ff0000&w=400&h=400`, {
        ...base,
        maxBytes: 100,
        allowPrivateTargets: true,
      }),
    ).rejects.toMatchObject({ kind: 'too_large' });
    await expect(
      safeFetch(`${fx.origin}/slow?ms=2000`, { ...base, timeoutMs: 300, allowPrivateTargets: true }),
    ).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('reports DNS failures and refused connections', async () => {
    await expect(
      safeFetch('http://nowhere.invalid/', { ...base, allowPrivateTargets: true, lookup: async () => [] }),
    ).rejects.toMatchObject({ kind: 'dns_error' });
    await expect(
      safeFetch('http://127.0.0.1:1/', { ...base, allowPrivateTargets: true }),
    ).rejects.toMatchObject({
      kind: 'connection_failed',
    });
  });
});
