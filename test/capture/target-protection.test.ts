/**
 * Contract §12 end to end: with private targets disallowed, none of these hostile targets may
 * reach the canary server on 127.0.0.1 — not directly, not through DNS, not by redirect, script
 * navigation, subresource, iframe or websocket.
 *
 * Offline, "public" is simulated: the pool's DNS answers site.public.test with a public address
 * and its dialer connects that address (on the fixture port only) to the fixture server.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../lib/capture/index.ts';
import { CaptureFailed } from '../../lib/errors.ts';
import type { LookupFn } from '../../lib/net/index.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { params, startTestPool, type TestPool } from './helpers.ts';

const PUBLIC = '93.184.215.14';

let site: FixtureServer;
let canary: FixtureServer;
let tp: TestPool;
let C = 0; // canary port
let S = ''; // public site origin

const lookups = new Map<string, number>();
const answer = (...addresses: string[]) =>
  addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));

const lookup: LookupFn = async (host) => {
  const n = (lookups.get(host) ?? 0) + 1;
  lookups.set(host, n);
  switch (host) {
    case 'site.public.test':
      return answer(PUBLIC);
    case 'loopback.corp.test':
      return answer('127.0.0.1');
    case 'internal.corp.test':
      return answer('10.0.0.5');
    case 'mixed.corp.test':
      return answer(PUBLIC, '127.0.0.1');
    case 'v6.corp.test':
      return answer('::1');
    case 'mapped.corp.test':
      return answer('::ffff:127.0.0.1');
    case 'metadata.corp.test':
      return answer('169.254.169.254');
    case 'ula.corp.test':
      return answer('fd12:3456::1');
    case 'slow.corp.test':
      return new Promise(() => {}); // a resolver that never answers
    case 'rebind.corp.test':
      // DNS rebinding: public for the first question (Node's pre-check), loopback afterwards.
      return answer(n === 1 ? PUBLIC : '127.0.0.1');
    default:
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  }
};

beforeAll(async () => {
  site = await startFixtureServer();
  canary = await startFixtureServer();
  C = canary.port;
  S = `http://site.public.test:${site.port}`;
  tp = await startTestPool({
    lookup,
    dial: (address, port) =>
      net.connect({ host: address === PUBLIC && port === site.port ? '127.0.0.1' : address, port }),
  });
});
afterAll(async () => {
  await tp?.close();
  await site?.close();
  await canary?.close();
});

const strict = { allowPrivateTargets: false, timeoutMs: 15_000 };

/** Straight to the engine, without the schema (which would already stop non-http URLs). */
async function refused(url: string): Promise<CaptureFailed> {
  const err = await capture(tp.pool, { url, viewport: { width: 400, height: 300 } }, strict).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, url).toBeInstanceOf(CaptureFailed);
  return err as CaptureFailed;
}

const redirect = (to: string, status = 302) => `{S}/redirect?status=${status}&to=${encodeURIComponent(to)}`;
const navigateTo = (page: string, to: string) => `{S}/${page}to=${encodeURIComponent(to)}`;

/** Fills in `{C}` (the canary port) and `{S}` (the public site's origin), encoded or not. */
const fill = (template: string) =>
  template.replaceAll('{S}', S).replaceAll('{C}', String(C)).replaceAll(encodeURIComponent('{C}'), String(C));

// [label, url] — every one must fail with target_blocked.
const HOSTILE: Array<[string, string]> = [
  ['loopback', 'http://127.0.0.1:{C}/'],
  ['localhost', 'http://localhost:{C}/'],
  ['localhost, upper case with trailing dot', 'http://LOCALHOST.:{C}/'],
  ['*.localhost', 'http://app.localhost:{C}/'],
  ['IPv6 loopback', 'http://[::1]:{C}/'],
  ['decimal IPv4', 'http://2130706433:{C}/'],
  ['hex IPv4', 'http://0x7f000001:{C}/'],
  ['octal IPv4', 'http://0177.0.0.1:{C}/'],
  ['mixed short IPv4', 'http://0x7f.1:{C}/'],
  ['two-part IPv4', 'http://127.1:{C}/'],
  ['0.0.0.0', 'http://0.0.0.0:{C}/'],
  ['0', 'http://0:{C}/'],
  ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]:{C}/'],
  ['IPv4-mapped IPv6, hex', 'http://[::ffff:7f00:1]:{C}/'],
  ['IPv6 unspecified', 'http://[::]:{C}/'],
  ['IPv4-compatible IPv6', 'http://[::7f00:1]:{C}/'],
  ['NAT64', 'http://[64:ff9b::7f00:1]:{C}/'],
  ['https to loopback', 'https://127.0.0.1:{C}/'],
  ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
  ['unique-local IPv6', 'http://[fd00::1]/'],
  ['link-local IPv6', 'http://[fe80::1]/'],
  ['10/8', 'http://10.0.0.1/'],
  ['172.16/12', 'http://172.16.5.4/'],
  ['192.168/16', 'http://192.168.1.1/'],
  ['CGNAT', 'http://100.64.0.1/'],
  ['multicast', 'http://224.0.0.1/'],
  ['broadcast', 'http://255.255.255.255/'],
  ['benchmarking (reserved)', 'http://198.18.0.1/'],
  ['DNS → 127.0.0.1', 'http://loopback.corp.test:{C}/'],
  ['DNS → 10.0.0.5', 'http://internal.corp.test/'],
  ['DNS answer with one private address', 'http://mixed.corp.test:{C}/'],
  ['DNS → ::1', 'http://v6.corp.test:{C}/'],
  ['DNS → ::ffff:127.0.0.1', 'http://mapped.corp.test:{C}/'],
  ['DNS → 169.254.169.254', 'http://metadata.corp.test/'],
  ['DNS → fd12::/7', 'http://ula.corp.test/'],
  ['DNS rebinding (public, then loopback)', 'http://rebind.corp.test:{C}/'],
  ['302 → loopback', redirect('http://127.0.0.1:{C}/')],
  ['301 → localhost', redirect('http://localhost:{C}/', 301)],
  ['307 → metadata', redirect('http://169.254.169.254/latest/meta-data/', 307)],
  ['302 → [::1]', redirect('http://[::1]:{C}/')],
  ['302 → decimal IPv4', redirect('http://2130706433:{C}/')],
  ['302 → name resolving to loopback', redirect('http://loopback.corp.test:{C}/')],
  ['302 → https loopback', redirect('https://127.0.0.1:{C}/')],
  ['script navigation → loopback', navigateTo('js-redirect.html?when=now&', 'http://127.0.0.1:{C}/')],
  [
    'script navigation after load → loopback',
    navigateTo('js-redirect.html?when=load&', 'http://127.0.0.1:{C}/'),
  ],
  ['meta refresh → loopback', navigateTo('meta-refresh.html?', 'http://127.0.0.1:{C}/')],
  ['file: URL', 'file:///etc/passwd'],
  ['ws: URL', 'ws://127.0.0.1:{C}/'],
];

describe('with private targets disallowed', () => {
  it('has at least 30 hostile targets in the matrix', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE)('refuses %s', async (_label, template) => {
    const err = await refused(fill(template));
    expect(err.reason, err.message).toBe('target_blocked');
    // Cases that start on the public site must be stopped at the private hop, not before.
    if (template.startsWith('{S}'))
      expect(err.message).toMatch(/led to \S*(127\.0\.0\.1|localhost|\[::1\]|169\.254|corp\.test)/);
  });

  it('captures a public page but refuses every private subresource, iframe, fetch and websocket', async () => {
    const shot = await capture(
      tp.pool,
      params({ url: `${S}/private-subresources.html?canary=${C}`, viewport: { width: 400, height: 300 } }),
      strict,
    );
    const text = shot.warnings.join('\n');
    for (const fragment of [
      `http://127.0.0.1:${C}/img-leak`,
      `http://localhost:${C}/localhost-leak`,
      `http://[::1]:${C}/ipv6-leak`,
      `http://127.0.0.1:${C}/decimal-leak`,
      `http://internal.corp.test:${C}/dns-private-leak`,
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${C}/iframe-leak`,
      `http://127.0.0.1:${C}/fetch-leak`,
      `a connection to 127.0.0.1:${C}`, // https fetch and the websockets tunnel through CONNECT
    ]) {
      expect(text, fragment).toContain(fragment);
    }
    expect(shot.warnings.every((w) => w.startsWith('Blocked '))).toBe(true);
  });

  it('never hands a strict capture the context a permissive one opened ahead for it', async () => {
    // The first capture leaves its browser a spare context (capture/spare.ts) behind a proxy
    // that allows private addresses; the strict capture after it must not get that one.
    await capture(tp.pool, params({ url: `${S}/basic.html`, viewport: { width: 400, height: 300 } }), {
      ...strict,
      allowPrivateTargets: true,
    });
    const shot = await capture(
      tp.pool,
      params({ url: `${S}/private-subresources.html?canary=${C}`, viewport: { width: 400, height: 300 } }),
      strict,
    );
    expect(shot.warnings.join('\n')).toContain(`http://127.0.0.1:${C}/img-leak`);
  });

  it('never let a single request reach the canary', async () => {
    expect(canary.log).toEqual([]);
    // And nothing went around the capture contexts (the browser-wide proxy refuses all it gets).
    expect((await tp.pool.stats()).strayRequests).toBe(0);
  });

  it('explains a refusal in words', async () => {
    const direct = await refused(`http://169.254.169.254/latest/meta-data/`);
    expect(direct.message).toContain('169.254.169.254 is a link-local');
    expect(direct.message).toContain('FRAMESHOT_ALLOW_PRIVATE_TARGETS');
    const viaDns = await refused(`http://internal.corp.test/`);
    expect(viaDns.message).toContain(
      'internal.corp.test resolves to 10.0.0.5, which is a private network address',
    );
    const viaRedirect = await refused(fill(redirect('http://127.0.0.1:{C}/')));
    expect(viaRedirect.message).toContain(`led to http://127.0.0.1:${C}/`);
  });

  it('bounds DNS by timeout_ms', async () => {
    const started = Date.now();
    const err = await capture(
      tp.pool,
      { url: 'http://slow.corp.test/' },
      { ...strict, timeoutMs: 1000 },
    ).catch((e) => e);
    expect(err).toMatchObject({ reason: 'dns_error' });
    expect(err.message).toContain('took longer than 1000 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('the rebinding case passed the pre-check and was stopped by the proxy', () => {
    expect(lookups.get('rebind.corp.test')).toBeGreaterThanOrEqual(2);
  });

  it('still loads public pages', async () => {
    const shot = await capture(
      tp.pool,
      params({ url: `${S}/basic.html`, viewport: { width: 400, height: 300 } }),
      strict,
    );
    expect(shot.page).toMatchObject({ status: 200, title: 'Basic fixture' });
    expect(shot.warnings).toEqual([]);
  });
});

describe('with private targets allowed', () => {
  it('reaches the canary (the switch works, and the canary is live)', async () => {
    const shot = await capture(tp.pool, params({ url: `http://127.0.0.1:${C}/basic.html` }), {
      allowPrivateTargets: true,
      timeoutMs: 15_000,
    });
    expect(shot.page.status).toBe(200);
    expect(canary.requests('/basic.html')).toHaveLength(1);
  });
});
