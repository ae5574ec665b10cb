/**
 * @module http/routes/playground
 * The playground (`GET /playground`): a static page — HTML, one script module and one stylesheet
 * from `assets/playground/` — where a developer pastes a key, styles a capture with live controls,
 * sees the render and copies it as `curl`, an SDK call or a signed `<img>` URL. It talks to this
 * API only, from the browser, with the key the person pasted; the server keeps nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Context, Hono } from 'hono';
import { assetPath } from '../../assets.ts';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../env.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';

const asset = (file: string, media: string) => ({
  description: 'The file',
  media,
  example: `/* assets/playground/${file} */`,
  headers: ['Cache-Control' as const],
});

const OPERATIONS = {
  page: {
    operationId: 'getPlayground',
    method: 'get',
    path: '/',
    summary: 'The playground (HTML)',
    description:
      'An interactive page for trying captures: paste an API key (kept in the tab’s sessionStorage and sent only to this API), pick a URL, device, background, shadow, camera, text and format, capture, and copy the request as curl, an SDK call or a signed `<img>` URL. Static; no key is needed to load it.',
    responses: { 200: { description: 'HTML page', media: 'text/html', example: '<!doctype html>…' } },
  },
  script: {
    operationId: 'getPlaygroundScript',
    method: 'get',
    path: '/app.js',
    summary: 'The playground’s script module',
    description: 'The one ES module the playground page loads; plain JavaScript, no build step.',
    responses: { 200: asset('app.js', 'text/javascript') },
  },
  styles: {
    operationId: 'getPlaygroundStyles',
    method: 'get',
    path: '/style.css',
    summary: 'The playground’s stylesheet',
    description: 'The playground page’s CSS (light and dark, by `prefers-color-scheme`).',
    responses: { 200: asset('style.css', 'text/css') },
  },
} satisfies Record<string, Operation>;

/** Read once per process: the files ship with the code and do not change while it runs. */
const files = new Map<string, Promise<Buffer>>();
const read = (name: string) => {
  let file = files.get(name);
  if (!file) {
    file = readFile(assetPath('playground', name));
    files.set(name, file);
  }
  return file;
};

/**
 * The page may talk to this API only (`connect-src 'self'`), so the pasted key cannot leave it;
 * images come from anywhere, since a render link redirects to the bucket's own host.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  'img-src * data: blob:',
  "script-src 'self'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const serveFile = (name: string, type: string, headers: Record<string, string> = {}) =>
  async function servePlaygroundFile(c: Context<AppEnv>) {
    return c.body(new Uint8Array(await read(name)), 200, {
      'Content-Type': `${type}; charset=utf-8`,
      // Short: a deployment's new playground shows up within minutes.
      'Cache-Control': 'public, max-age=300',
      ...headers,
    });
  };

export function playgroundRoutes(_deps: Deps, registry: Registry): Hono<AppEnv> {
  const router = createRouter({ registry, mount: '/playground', tag: 'Playground', account: [] });
  router.on(
    OPERATIONS.page,
    serveFile('index.html', 'text/html', { 'Content-Security-Policy': PAGE_POLICY }),
  );
  router.on(OPERATIONS.script, serveFile('app.js', 'text/javascript'));
  router.on(OPERATIONS.styles, serveFile('style.css', 'text/css'));
  return router.app;
}
