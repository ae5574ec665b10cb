/**
 * Browser code can call the API: every route answers a preflight 204 before authentication and
 * the 405 check, with the headers clients send allowed and the ones they read exposed; an origin
 * outside FRAMESHOT_CORS_ORIGINS gets no CORS headers; the public backgrounds stay open to any
 * origin. A real Chromium page on one origin calls the API on another with a key.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { resolveChromium } from '../../lib/capture/chromium.ts';
import { launchChromium } from '../../lib/capture/sandbox.ts';
import { ConfigError, loadConfig } from '../../lib/config.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { createTestAccount, testDeps, testEnv } from '../helpers/stack.ts';

const PAGE = 'https://app.example';

const preflight = (app: ReturnType<typeof buildApp>, path: string, method = 'POST', origin = PAGE) =>
  app.request(path, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
    },
  });

describe('FRAMESHOT_CORS_ORIGINS', () => {
  it('defaults to any origin and reads a comma-separated list', () => {
    expect(loadConfig(testEnv()).corsOrigins).toEqual(['*']);
    expect(
      loadConfig(testEnv({ FRAMESHOT_CORS_ORIGINS: ' https://app.example , http://localhost:3000 ' }))
        .corsOrigins,
    ).toEqual(['https://app.example', 'http://localhost:3000']);
  });

  it.each([
    'https://app.example/',
    'https://app.example/path',
    'app.example',
    'ftp://app.example',
    'https://user:pw@app.example',
    ' , ',
  ])('refuses %j at start-up, naming the variable', (value) => {
    expect(() => loadConfig(testEnv({ FRAMESHOT_CORS_ORIGINS: value }))).toThrow(ConfigError);
    expect(() => loadConfig(testEnv({ FRAMESHOT_CORS_ORIGINS: value }))).toThrow(/^FRAMESHOT_CORS_ORIGINS: /);
  });
});

describe('preflights', () => {
  const open = buildApp(testDeps());
  const restricted = buildApp(testDeps({ FRAMESHOT_CORS_ORIGINS: `${PAGE},http://localhost:3000` }));

  it('answer 204 on a capture route with the allowed methods and headers', async () => {
    const res = await preflight(open, '/v1/capture');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = res.headers.get('access-control-allow-headers')!.split(',');
    expect(allowed).toEqual(
      expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id']),
    );
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answer 204 on a route with a path parameter, whatever method is asked', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await preflight(open, '/v1/projects/prj_01J0000000000000000000000', method);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-methods')).toContain(method);
    }
    expect((await preflight(restricted, '/v1/renders/cap_01J0000000000000000000000', 'DELETE')).status).toBe(
      204,
    );
  });

  it('answer 204 on /v1/backgrounds for any origin, even when the API is restricted', async () => {
    const res = await preflight(restricted, '/v1/backgrounds', 'GET', 'https://picker.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('echo a listed origin and give an unlisted one no CORS headers', async () => {
    const listed = await preflight(restricted, '/v1/capture');
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(listed.headers.get('vary')).toMatch(/Origin/);

    const other = await preflight(restricted, '/v1/capture', 'POST', 'https://evil.example');
    expect(other.status).toBe(204);
    const corsHeaders = [...other.headers.keys()].filter((h) => h.startsWith('access-control-'));
    expect(corsHeaders).toEqual([]);
    expect(other.headers.get('vary')).toMatch(/Origin/);

    const answer = await restricted.request('/health', { headers: { Origin: 'https://evil.example' } });
    expect(answer.status).toBe(200);
    expect([...answer.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('let errors through with the exposed headers, and other methods still get 405', async () => {
    const res = await open.request('/v1/capture', { method: 'POST', headers: { Origin: PAGE } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = res.headers.get('access-control-expose-headers')!.split(',');
    expect(exposed).toEqual(
      expect.arrayContaining([
        'X-Request-Id',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Retry-After',
        'Location',
        'ETag',
        'X-Frameshot-Render-Id',
        'X-Frameshot-Credits',
      ]),
    );
    const put = await open.request('/v1/capture', { method: 'PUT', headers: { Origin: PAGE } });
    expect(put.status).toBe(405);
  });
});

describe('a page on another origin, in Chromium', () => {
  let deps: Deps;
  let browser: Browser;
  let workDir: string;
  let site: FixtureServer;
  const servers: http.Server[] = [];

  const listen = async (app: ReturnType<typeof buildApp>) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
    await new Promise((r) => server.once('listening', r));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    deps = testDeps();
    site = await startFixtureServer();
    workDir = await mkdtemp(join(tmpdir(), 'frameshot-cors-'));
    ({ browser } = await launchChromium(
      await resolveChromium(process.env.FRAMESHOT_CHROMIUM_PATH),
      workDir,
      'auto',
      [],
    ));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await site?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('calls the API with a key and reads the exposed headers; an unlisted origin is refused', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10 });
    const api = await listen(buildApp(deps));
    const elsewhere = await listen(
      buildApp({ ...deps, config: { ...deps.config, corsOrigins: ['https://elsewhere.example'] } }),
    );
    const page = await browser.newPage();
    await page.goto(`${site.origin}/basic.html`);

    const result = await page.evaluate(
      async (api, key) => {
        // A JSON body, a bearer key and an Idempotency-Key: a preflighted request.
        const res = await fetch(`${api}/v1/projects`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${key}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': 'k1',
          },
          body: JSON.stringify({ name: 'From a browser' }),
        });
        const usage = await fetch(`${api}/v1/usage`, { headers: { Authorization: `Bearer ${key}` } });
        return {
          status: res.status,
          id: (await res.json()).id,
          requestId: res.headers.get('X-Request-Id'),
          remaining: res.headers.get('RateLimit-Remaining'),
          usage: usage.status,
        };
      },
      api,
      apiKey,
    );
    expect(result.status).toBe(201);
    expect(result.id).toMatch(/^prj_/);
    expect(result.requestId).toBeTruthy();
    expect(Number(result.remaining)).toBeGreaterThanOrEqual(0);
    expect(result.usage).toBe(200);

    const refused = await page.evaluate(
      (api, key) =>
        fetch(`${api}/v1/usage`, { headers: { Authorization: `Bearer ${key}` } }).then(
          (r) => `answered ${r.status}`,
          (e: Error) => `refused: ${e.name}`,
        ),
      elsewhere,
      apiKey,
    );
    expect(refused).toBe('refused: TypeError');
  });
});
