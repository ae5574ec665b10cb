import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EgressProxy, type LookupFn, startEgressProxy } from '../../lib/net/index.ts';
import { closedPort, type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

let canary: FixtureServer;
let proxy: EgressProxy | undefined;

beforeAll(async () => {
  canary = await startFixtureServer();
});
afterAll(() => canary.close());
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

const PUBLIC = '93.184.215.14';

/** Plain-http request through the proxy (absolute-form). */
function forward(
  proxyUrl: string,
  url: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const p = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: p.hostname, port: p.port, path: url, headers: { host: new URL(url).host } },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** CONNECT through the proxy; on success sends a GET through the tunnel and returns its first line. */
function tunnel(
  proxyUrl: string,
  authority: string,
): Promise<{ status: number; reply?: string; egress?: string }> {
  const p = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: p.hostname, port: p.port, method: 'CONNECT', path: authority });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        return resolve({ status: res.statusCode ?? 0, egress: res.headers['x-frameshot-egress'] as string });
      }
      socket.write(`GET /tunnelled HTTP/1.1\r\nHost: ${authority}\r\nConnection: close\r\n\r\n`);
      let data = '';
      socket.on('data', (c) => {
        data += c;
      });
      socket.on('end', () => resolve({ status: 200, reply: data.split('\r\n')[0] }));
    });
    req.on('error', reject);
    req.end();
  });
}

const scripted =
  (map: Record<string, string[]>): LookupFn =>
  async (host) => {
    const list = map[host];
    if (!list) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('egress proxy with private targets disallowed', () => {
  it('refuses plain-http requests to loopback without touching them', async () => {
    proxy = await startEgressProxy({ allowPrivateTargets: false });
    canary.clear();
    const res = await forward(proxy.url, `http://127.0.0.1:${canary.port}/secret`);
    expect(res.status).toBe(403);
    expect(res.headers['x-frameshot-egress']).toBe('blocked');
    expect(canary.log).toHaveLength(0);
    expect(proxy.events).toMatchObject([
      { method: 'GET', outcome: 'blocked', target: `127.0.0.1:${canary.port}` },
    ]);
  });

  it('refuses CONNECT tunnels to loopback, numeric forms included', async () => {
    proxy = await startEgressProxy({ allowPrivateTargets: false });
    canary.clear();
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '[::1]', 'localhost', '[::ffff:127.0.0.1]']) {
      const res = await tunnel(proxy.url, `${host}:${canary.port}`);
      expect(res, host).toMatchObject({ status: 403, egress: 'blocked' });
    }
    expect(canary.log).toHaveLength(0);
  });

  it('checks every address of a DNS answer', async () => {
    proxy = await startEgressProxy({
      allowPrivateTargets: false,
      lookup: scripted({ 'mixed.test': [PUBLIC, '127.0.0.1'] }),
    });
    const res = await tunnel(proxy.url, `mixed.test:${canary.port}`);
    expect(res.status).toBe(403);
    expect(proxy.events[0]?.message).toContain('resolves to 127.0.0.1');
  });

  it('connects to the address it checked, whatever DNS says next (no rebinding)', async () => {
    const dialled: string[] = [];
    let calls = 0;
    const answers = [PUBLIC, '127.0.0.1'];
    proxy = await startEgressProxy({
      allowPrivateTargets: false,
      lookup: async () => [{ address: answers[calls++ % 2]!, family: 4 }],
      dial: (address, port) => {
        dialled.push(address);
        // The checked public address is served by the fixture here; anything else would be the leak.
        return net.connect({ host: address === PUBLIC ? '127.0.0.1' : address, port });
      },
    });
    canary.clear();
    const first = await forward(proxy.url, `http://rebind.test:${canary.port}/basic.html?n=1`);
    const second = await forward(proxy.url, `http://rebind.test:${canary.port}/basic.html?n=2`);
    expect(first.status).toBe(200);
    expect(second.status).toBe(403);
    expect(dialled).toEqual([PUBLIC]);
    expect(canary.log.map((r) => r.query.get('n'))).toEqual(['1']);
  });

  it('reports DNS failures and refused connections', async () => {
    proxy = await startEgressProxy({ allowPrivateTargets: true, lookup: scripted({}) });
    const dns = await forward(proxy.url, 'http://nowhere.test/');
    expect(dns.status).toBe(502);
    expect(dns.headers['x-frameshot-egress']).toBe('dns_error');
    const closed = await closedPort();
    const refused = await tunnel(proxy.url, `127.0.0.1:${closed}`);
    expect(refused).toMatchObject({ status: 502, egress: 'connection_failed' });
    expect(proxy.events.at(-1)?.message).toContain('refused the connection');
  });

  it('refuses everything in refuse-all mode', async () => {
    proxy = await startEgressProxy({ allowPrivateTargets: true, refuseAll: true });
    canary.clear();
    expect((await forward(proxy.url, `http://127.0.0.1:${canary.port}/`)).status).toBe(403);
    expect(canary.requests('/')).toHaveLength(0);
  });
});

describe('egress proxy with private targets allowed', () => {
  it('forwards plain http and tunnels CONNECT', async () => {
    proxy = await startEgressProxy({ allowPrivateTargets: true });
    canary.clear();
    const res = await forward(proxy.url, `http://127.0.0.1:${canary.port}/basic.html?x=1`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Basic fixture');
    const t = await tunnel(proxy.url, `127.0.0.1:${canary.port}`);
    expect(t.reply).toBe('HTTP/1.1 404 Not Found');
    expect(canary.log.map((r) => r.path)).toEqual(['/basic.html', '/tunnelled']);
    expect(canary.log[0]?.query.get('x')).toBe('1');
  });
});
