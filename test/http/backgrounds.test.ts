import sharp from 'sharp';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { BACKGROUND_LIMITS, matchesEtag } from '../../lib/http/routes/backgrounds.ts';
import { type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
/** Each test counts against an address of its own: the routes are limited per address. */
let address: string;

beforeAll(() => {
  deps = testDeps();
  app = buildApp(deps);
});
beforeEach(() => {
  address = randomAddress();
});

const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 254) + 1).join('.')}`;
const fromSocket = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

async function get(path: string, init: RequestInit & { from?: string } = {}) {
  const res = await app.request(path, init, fromSocket(init.from ?? address));
  const body = Buffer.from(await res.arrayBuffer());
  // biome-ignore lint/suspicious/noExplicitAny: tests read response JSON freely.
  let json: any;
  if (res.headers.get('content-type')?.startsWith('application/json')) json = JSON.parse(body.toString());
  return { status: res.status, headers: res.headers, json, body };
}

const list = (query = '') => get(`/v1/backgrounds${query ? `?${query}` : ''}`);

/** Every catalogue background matching `query`, walked page by page. */
async function walk(query: string, limit: number) {
  const seen: string[] = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += limit) {
    const page = await list(`${query}&limit=${limit}&offset=${offset}`);
    expect(page.status).toBe(200);
    total = page.json.total;
    seen.push(...page.json.backgrounds.map((b: { background: string }) => b.background));
  }
  return { seen, total };
}

describe('GET /v1/backgrounds', () => {
  it('lists the presets and the first page of the catalogue, each ready to use', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    const { presets, backgrounds, total, limit, offset } = res.json;
    expect({ limit, offset }).toEqual({ limit: 24, offset: 0 });
    expect(presets.length).toBeGreaterThanOrEqual(8);
    for (const p of presets) {
      expect(p.css).toMatch(/gradient\(/);
      expect(['light', 'dark']).toContain(p.theme);
      expect(p.layers.length).toBeGreaterThan(0);
      expect(p.params).toEqual({ background_style: 'gradient', background_preset: p.name });
    }
    expect(backgrounds).toHaveLength(24);
    expect(total).toBeGreaterThanOrEqual(72);

    const base = deps.config.publicBaseUrl;
    for (const b of backgrounds) {
      expect(b.background).toBe(`${b.pack}/${b.slug}`);
      expect(b.params).toEqual({ background: b.background, shadow: b.theme === 'dark' ? 'glow' : 'soft' });
      expect(b.generator).toEqual({
        seed: expect.any(Number),
        palette: expect.any(Array),
        params: expect.any(Object),
      });
      expect(b.colors[0]).toMatch(/^#[0-9a-f]{6}$/);
      expect(b.thumbnail_url).toMatch(
        new RegExp(`^${base}/v1/backgrounds/${b.pack}/${b.slug}/thumbnail\\.webp\\?v=[\\w-]+$`),
      );
      const one = await get(`/v1/backgrounds/${b.pack}/${b.slug}`);
      expect(one.status).toBe(200);
      expect(one.json).toEqual(b);
    }
    const thumb = await get(backgrounds[0].thumbnail_url, { method: 'HEAD' });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
  });

  it('filters by pack, type and theme', async () => {
    const studio = await list('pack=studio&limit=100');
    expect(studio.json.total).toBe(12);
    expect(studio.json.backgrounds).toHaveLength(12);
    expect(studio.json.backgrounds.every((b: { pack: string }) => b.pack === 'studio')).toBe(true);
    expect(studio.json.presets).toEqual([]);

    const topo = await list('type=topographic&limit=100');
    expect(topo.json.total).toBeGreaterThan(0);
    expect(topo.json.backgrounds.every((b: { type: string }) => b.type === 'topographic')).toBe(true);
    expect(topo.json.presets).toEqual([]);

    const dark = await list('theme=dark&limit=100');
    expect(dark.json.total).toBeGreaterThan(12);
    expect(dark.json.backgrounds.every((b: { theme: string }) => b.theme === 'dark')).toBe(true);
    expect(dark.json.presets.length).toBeGreaterThan(0);
    expect(dark.json.presets.every((p: { theme: string }) => p.theme === 'dark')).toBe(true);
    const light = await list('theme=light&limit=100');
    expect(light.json.presets.every((p: { theme: string }) => p.theme === 'light')).toBe(true);
    expect(light.json.total + dark.json.total).toBe((await list()).json.total);
  });

  it('searches with q: every word must match', async () => {
    const topo = await list('q=topo&limit=100');
    expect(topo.json.total).toBeGreaterThan(0);
    expect(topo.json.backgrounds.map((b: { type: string }) => b.type)).toContain('topographic');

    const refs = async (q: string) =>
      new Set<string>(
        (await list(`q=${q}&limit=100`)).json.backgrounds.map((b: { background: string }) => b.background),
      );
    const [mesh, dark, both] = [await refs('mesh'), await refs('dark'), await refs('mesh%20dark')];
    expect(both.size).toBeGreaterThan(0);
    expect(both.size).toBeLessThan(Math.min(mesh.size, dark.size));
    expect([...both].sort()).toEqual([...mesh].filter((ref) => dark.has(ref)).sort());

    const aurora = await list('q=aurora&group=presets');
    expect(aurora.json.presets.map((p: { name: string }) => p.name)).toEqual(['aurora']);
    expect((await list('q=aurora%20light&group=presets')).json.presets).toEqual([]);
    expect((await list('q=nothing-like-this')).json).toMatchObject({
      presets: [],
      backgrounds: [],
      total: 0,
    });
  });

  it('fills only the group asked for', async () => {
    const presets = await list('group=presets');
    expect(presets.json.presets.length).toBeGreaterThanOrEqual(8);
    expect(presets.json.backgrounds).toEqual([]);
    expect(presets.json.total).toBe(0);

    const catalogue = await list('group=catalogue');
    expect(catalogue.json.presets).toEqual([]);
    expect(catalogue.json.backgrounds).toHaveLength(24);
  });

  it('pages through the whole catalogue without duplicates', async () => {
    const { seen, total } = await walk('group=catalogue', 10);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const dark = await walk('theme=dark', 7);
    expect(new Set(dark.seen).size).toBe(dark.total);

    const past = await list(`offset=${total + 5}`);
    expect(past.status).toBe(200);
    expect(past.json).toMatchObject({ backgrounds: [], total, offset: total + 5 });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=10001', 'offset'],
    [`q=${'a'.repeat(101)}`, 'q'],
  ])('refuses %s naming the field', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'invalid_params',
      message: expect.stringContaining(`Invalid ${field}`),
      details: [{ path: field, message: expect.any(String) }],
    });
  });

  it.each([
    ['pack=nope', 'pack', ['mesh', 'grain', 'glass', 'aurora', 'patterns', 'studio']],
    ['type=nope', 'type', ['mesh', 'topographic', 'studio', 'dots']],
    ['theme=blue', 'theme', ['light', 'dark']],
    ['group=x', 'group', ['presets', 'catalogue']],
    ['colour=red', 'colour', ['limit', 'offset', 'group', 'pack', 'type', 'theme', 'q']],
  ])('refuses %s, listing the accepted values', async (query, field, accepted) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
    expect(res.json.error.message).toContain(field);
    for (const value of accepted) expect(res.json.error.message).toContain(value);
    expect(res.json.error.details).toEqual([{ path: field, message: res.json.error.message }]);
  });
});

describe('GET /v1/backgrounds/packs and /{pack}/{slug}', () => {
  it('lists the packs with a thumbnail and the link to their backgrounds', async () => {
    const res = await get('/v1/backgrounds/packs');
    expect(res.status).toBe(200);
    const { packs } = res.json;
    expect(packs.length).toBeGreaterThanOrEqual(6);
    for (const pack of packs) {
      expect(pack.count).toBeGreaterThanOrEqual(12);
      expect(pack).toMatchObject({ name: expect.any(String), description: expect.any(String) });
      expect(pack.backgrounds_url).toBe(`${deps.config.publicBaseUrl}/v1/backgrounds?pack=${pack.slug}`);
      const listed = await get(pack.backgrounds_url);
      expect(listed.json.total).toBe(pack.count);
      expect(pack.thumbnail_url).toBe(listed.json.backgrounds[0].thumbnail_url);
    }
  });

  it('answers an unknown background with 404 and the close matches', async () => {
    const typo = await get('/v1/backgrounds/studio/noire');
    expect(typo.status).toBe(404);
    expect(typo.json.error.code).toBe('not_found');
    expect(typo.json.error.message).toMatch(/^No background studio\/noire\. Did you mean studio\/noir\b/);

    const nothing = await get('/v1/backgrounds/zzzz/qqqqqqqqqqqq');
    expect(nothing.status).toBe(404);
    expect(nothing.json.error.message).not.toContain('Did you mean');
  });
});

describe('GET /v1/backgrounds/{pack}/{slug}/thumbnail.webp', () => {
  it('serves the thumbnail once, then 304 for the same ETag', async () => {
    const { backgrounds } = (await list('pack=glass&limit=1')).json;
    const url = backgrounds[0].thumbnail_url;
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const meta = await sharp(first.body).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 480, height: 320 });

    const again = await get(url);
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.headers.get('etag')).toBe(etag);

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const cached = await get(url, { headers: { 'If-None-Match': ifNoneMatch } });
      expect(cached.status, ifNoneMatch).toBe(304);
      expect(cached.body.length).toBe(0);
      expect(cached.headers.get('etag')).toBe(etag);
    }
    const changed = await get(url, { headers: { 'If-None-Match': '"something-else"' } });
    expect(changed.status).toBe(200);
    expect(changed.body.equals(first.body)).toBe(true);
  });

  it('keeps an unversioned URL cacheable for a short while only', async () => {
    const res = await get('/v1/backgrounds/studio/noir/thumbnail.webp', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('answers 404 for an unknown background', async () => {
    const res = await get('/v1/backgrounds/studio/nope/thumbnail.webp');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('compares If-None-Match weakly', () => {
    expect(matchesEtag(undefined, '"a"')).toBe(false);
    expect(matchesEtag('"b"', '"a"')).toBe(false);
    expect(matchesEtag('"b" ,  W/"a"', '"a"')).toBe(true);
    expect(matchesEtag(' * ', '"a"')).toBe(true);
  });
});

describe('CORS for browser pickers', () => {
  const origin = { Origin: 'https://picker.example' };

  it.each(['/v1/backgrounds', '/v1/backgrounds/packs', '/v1/backgrounds/studio/noir/thumbnail.webp'])(
    'answers a preflight on %s with 204',
    async (path) => {
      const res = await get(path, {
        method: 'OPTIONS',
        headers: { ...origin, 'Access-Control-Request-Method': 'GET' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    },
  );

  it('marks answers, errors included, as readable from any origin', async () => {
    const ok = await get('/v1/backgrounds?limit=1', { headers: origin });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/ETag.*RateLimit-Remaining.*Retry-After/);
    expect(ok.headers.get('ratelimit-limit')).toBe(String(BACKGROUND_LIMITS.reads));
    const bad = await get('/v1/backgrounds?limit=0', { headers: origin });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await get('/v1/backgrounds/nope/nope', { headers: origin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('still refuses other methods with 405', async () => {
    const res = await get('/v1/backgrounds', { method: 'POST', headers: origin });
    expect(res.status).toBe(405);
    expect(res.json.error.code).toBe('method_not_allowed');
  });
});

describe('per-address limits', () => {
  it(`answers ${BACKGROUND_LIMITS.reads} reads a minute, then 429; thumbnails count apart`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < BACKGROUND_LIMITS.reads; i++)
      statuses.push((await get(i % 2 ? '/v1/backgrounds/packs' : '/v1/backgrounds/mesh/peach-fuzz')).status);
    expect(statuses).toEqual(Array(BACKGROUND_LIMITS.reads).fill(200));

    const refused = await get('/v1/backgrounds?group=presets', {
      headers: { Origin: 'https://picker.example' },
    });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(refused.json.error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringContaining(`at most ${BACKGROUND_LIMITS.reads} per minute`),
    });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');

    expect((await get('/v1/backgrounds/mesh/peach-fuzz/thumbnail.webp')).status).toBe(200);
    expect((await get('/v1/backgrounds/packs', { from: randomAddress() })).status).toBe(200);
  });

  it(`counts thumbnails against their own budget of ${BACKGROUND_LIMITS.thumbnails} a minute`, async () => {
    // Cheaper than sending 600 requests: the budget the middleware applied is in the headers.
    const path = '/v1/backgrounds/mesh/peach-fuzz/thumbnail.webp';
    const first = await get(path);
    expect(first.headers.get('ratelimit-limit')).toBe(String(BACKGROUND_LIMITS.thumbnails));
    expect(first.headers.get('ratelimit-remaining')).toBe(String(BACKGROUND_LIMITS.thumbnails - 1));
    const cached = await get(path, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('ratelimit-remaining')).toBe(String(BACKGROUND_LIMITS.thumbnails - 2));
    const read = await get('/v1/backgrounds/packs');
    expect(read.headers.get('ratelimit-remaining')).toBe(String(BACKGROUND_LIMITS.reads - 1));
  });
});

describe('GET /openapi.json', () => {
  it('documents the four routes under Backgrounds, public', async () => {
    const doc = (await get('/openapi.json')).json;
    const paths = [
      '/v1/backgrounds',
      '/v1/backgrounds/packs',
      '/v1/backgrounds/{pack}/{slug}',
      '/v1/backgrounds/{pack}/{slug}/thumbnail.webp',
    ];
    for (const path of paths) {
      const op = doc.paths[path]?.get;
      expect(op, path).toBeDefined();
      expect(op).toMatchObject({ tags: ['Backgrounds'], security: [] });
      expect(op.description).toMatch(/per client address/);
      expect(op.responses['429']).toBeDefined();
    }
    const names = doc.paths['/v1/backgrounds'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(['limit', 'offset', 'group', 'pack', 'type', 'theme', 'q']);
    const thumb = doc.paths['/v1/backgrounds/{pack}/{slug}/thumbnail.webp'].get;
    expect(Object.keys(thumb.responses)).toEqual(expect.arrayContaining(['200', '304', '404']));
    expect(thumb.description).toMatch(/immutable/);
  });
});
