import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCaptureUrl } from '../../cli/lib/sign.js';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;

beforeAll(async () => {
  deps = captureDeps();
  app = buildApp(deps);
  site = await startFixtureServer();
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
});

async function projectFor(apiKey: string, body: object = { name: 'Emails' }) {
  const { json: project } = await call(app, 'POST', '/v1/projects', { key: apiKey, body });
  const { json: secrets } = await call(app, 'GET', `/v1/projects/${project.id}/signing-secret`, {
    key: apiKey,
  });
  return { id: project.id as string, secret: secrets.signing_secret as string };
}

/** The public recipe as a web developer writes it: URLSearchParams for the URL (spaces become +). */
function mintWithUrlSearchParams(
  base: string,
  params: Record<string, string>,
  projectId: string,
  secret: string,
  expires: number,
) {
  const qs = new URLSearchParams({ ...params, project_id: projectId, expires: String(expires) });
  const canonical = `GET\n/v1/capture\n${[...qs]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join('&')}`;
  qs.append('signature', createHmac('sha256', secret).update(canonical).digest('hex'));
  return `${base}/v1/capture?${qs}`;
}

const AWKWARD = [
  'plain',
  'two words',
  'plus+sign',
  'a+b c',
  'ünïcødé ✓',
  '日本語のタイトル',
  'emoji 🚀🔥',
  "it's",
  'star*wars',
  '(parens)',
  '!bang~tilde',
  'percent 100%',
  'amp & equals = ',
  'slash/and?question',
  'hash # tag',
  'quote "double"',
  'tab\there',
  'semi;colon,comma',
  '[brackets]{braces}',
  'back\\slash',
  '  padded  ',
  '%2B already encoded',
];

const get = async (url: string) => {
  const { pathname, search } = new URL(url);
  const res = await app.request(pathname + search);
  return {
    status: res.status,
    body: res.status === 302 ? null : await res.json().catch(() => null),
    location: res.headers.get('location'),
  };
};

describe('signed capture URLs', () => {
  it('accept every vector minted by the public recipe and reject every one-character tampering', async () => {
    // No credits: an accepted signature reaches billing (402) without capturing anything.
    const { apiKey } = await createTestAccount(deps, { credits: 0 });
    const project = await projectFor(apiKey);
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const base = deps.config.publicBaseUrl;
    let tampered = 0;
    for (const [i, title] of AWKWARD.entries()) {
      const params = {
        url: `${site.origin}/basic.html?v=${i}&q=${encodeURIComponent(title)}`,
        title,
        badge: title.slice(0, 10),
      };
      const urls = [
        mintWithUrlSearchParams(base, params, project.id, project.secret, expires),
        signCaptureUrl(base, params, { projectId: project.id, secret: project.secret, expires }),
      ];
      for (const url of urls) {
        const ok = await get(url);
        expect(ok.status, `${title}: ${ok.body?.error?.message}`).toBe(402);
      }
      // Change one character of one decoded value (or key) at a time; the server must notice.
      const pairs = [...new URL(urls[0]!).searchParams];
      const variants: string[] = [];
      for (const [p, [key, value]] of pairs.entries()) {
        for (const target of ['key', 'value'] as const) {
          const text = target === 'key' ? key : value;
          for (const at of new Set([0, Math.floor(text.length / 2), text.length - 1])) {
            if (at < 0 || at >= text.length) continue;
            const swapped = text[at] === 'x' ? 'y' : 'x';
            const changed = text.slice(0, at) + swapped + text.slice(at + 1);
            const copy = pairs.map((pair, j) =>
              j === p ? (target === 'key' ? [changed, pair[1]] : [pair[0], changed]) : pair,
            );
            variants.push(`${base}/v1/capture?${new URLSearchParams(copy as Array<[string, string]>)}`);
          }
        }
      }
      const results = await Promise.all(variants.map(get));
      for (const [j, r] of results.entries()) {
        // A changed `signature` key means no signature at all: then there is no key either (401 too).
        expect(r.status, variants[j]).toBe(401);
      }
      tampered += variants.length;
    }
    expect(tampered).toBeGreaterThan(20 * 15);
  }, 120_000);

  it('reject expired URLs and unknown projects with 401, and expires beyond the project cap with 400', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 0 });
    const project = await projectFor(apiKey, { name: 'Short', signed_url_max_ttl: 600 });
    const base = deps.config.publicBaseUrl;
    const params = { url: `${site.origin}/basic.html` };
    const now = Math.floor(Date.now() / 1000);
    const expired = await get(
      signCaptureUrl(base, params, { projectId: project.id, secret: project.secret, expires: now - 1 }),
    );
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
    const tooFar = await get(
      signCaptureUrl(base, params, { projectId: project.id, secret: project.secret, expires: now + 3600 }),
    );
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.details[0].path).toBe('expires');
    const unknown = await get(
      signCaptureUrl(base, params, {
        projectId: 'prj_01ARZ3NDEKTSV4RRFFQ69G5FAV',
        secret: project.secret,
        expires: now + 60,
      }),
    );
    expect(unknown.status).toBe(401);
    const repeated = await get(
      `${base}/v1/capture?url=a&url=b&project_id=${project.id}&expires=${now + 60}&signature=00`,
    );
    expect(repeated.status).toBe(400);
  });

  it("are useless with another account's project or secret", async () => {
    const a = await createTestAccount(deps, { credits: 0 });
    const b = await createTestAccount(deps, { credits: 0 });
    const projectA = await projectFor(a.apiKey);
    const projectB = await projectFor(b.apiKey);
    const expires = Math.floor(Date.now() / 1000) + 600;
    const base = deps.config.publicBaseUrl;
    const params = { url: `${site.origin}/basic.html` };
    // B signs with its own secret but names A's project: rejected.
    expect(
      (await get(signCaptureUrl(base, params, { projectId: projectA.id, secret: projectB.secret, expires })))
        .status,
    ).toBe(401);
    // B's key cannot use A's project as defaults either.
    const direct = await call(app, 'POST', '/v1/raw', {
      key: b.apiKey,
      body: { ...params, project_id: projectA.id },
    });
    expect(direct.status).toBe(400);
    expect(direct.json.error.details[0].path).toBe('project_id');
  });

  it('keep working with the previous secret for 24 hours after a rotation', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 0 });
    const project = await projectFor(apiKey);
    await call(app, 'POST', `/v1/projects/${project.id}/signing-secret/rotate`, { key: apiKey });
    const expires = Math.floor(Date.now() / 1000) + 600;
    const url = signCaptureUrl(
      deps.config.publicBaseUrl,
      { url: `${site.origin}/basic.html` },
      { projectId: project.id, secret: project.secret, expires },
    );
    expect((await get(url)).status).toBe(402);
    const dayLater = buildApp({ ...deps, now: () => Date.now() + 24 * 3600 * 1000 + 1000 });
    const { pathname, search } = new URL(url.replace(String(expires), String(expires)));
    expect((await dayLater.request(pathname + search)).status).toBe(401);
  });

  it('load as an <img> in a real browser, apply project defaults, and cost credits once per cache TTL', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 20 });
    const project = await projectFor(apiKey, {
      name: 'Newsletter',
      defaults: {
        device: 'iphone-16-pro',
        background_preset: 'sunset',
        output: { format: 'png', width: 600 },
      },
    });
    // Render links must point at this server for the browser to follow them: the app is built once the port is known.
    let localApp: TestApp | undefined;
    const server = serve({ fetch: (req) => localApp!.fetch(req), port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    localApp = buildApp({ ...deps, links: { ...deps.links, base: origin } });
    const signed = signCaptureUrl(
      origin,
      { url: `${site.origin}/basic.html?img=1`, title: 'Hello, world & friends' },
      { projectId: project.id, secret: project.secret, expires: Math.floor(Date.now() / 1000) + 3600 },
    );

    const browser = await puppeteer.launch({
      executablePath: await chromium.executablePath(),
      args: [...chromium.args, '--proxy-server=direct://'],
      headless: 'shell',
    });
    try {
      const page = await browser.newPage();
      const loadImage = async () => {
        await page.setContent(`<img id="shot" src="${signed.replaceAll('&', '&amp;')}">`, {
          waitUntil: 'load',
          timeout: 60_000,
        });
        return page.$eval('#shot', (img) => [
          (img as HTMLImageElement).naturalWidth,
          (img as HTMLImageElement).naturalHeight,
        ]);
      };
      const [width, height] = await loadImage();
      expect(width).toBe(600);
      expect(height).toBeGreaterThan(600);
      const afterFirst = await balanceAndLedger(deps, accountId);
      expect(afterFirst.balance).toBe(17);
      const again = await loadImage();
      expect(again).toEqual([width, height]);
      expect((await balanceAndLedger(deps, accountId)).balance).toBe(17);
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});
