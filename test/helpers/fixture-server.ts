/**
 * @module test/helpers/fixture-server
 * A small static server on 127.0.0.1 for capture tests, with a log of every request it gets.
 * Serves `test/fixtures/pages/` (in `.html` files `{{PORT}}`, `{{ORIGIN}}` and `{{q:name}}` —
 * a query parameter of the request — are substituted) plus a few dynamic routes:
 *
 * - `/img?color=ff0000&w=100&h=100[&ms=500]` solid PNG (optionally slow)
 * - `/slow?ms=3000[&page=basic.html]` a page answered after a delay
 * - `/redirect?to=URL[&status=302]`
 * - `/status/404` an error page with that status
 * - `/beacon?...` 204, for pages that report what they see
 * - `/download` a file download (`Content-Disposition: attachment`)
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

export interface LoggedRequest {
  method: string;
  /** Host header as sent (names resolved to this server keep their name). */
  host: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface FixtureServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  log: LoggedRequest[];
  /** Requests whose path starts with `prefix` (and, when given, whose host starts with `host`). */
  requests(prefix: string, host?: string): LoggedRequest[];
  clear(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.txt': 'text/plain',
};

export async function startFixtureServer(): Promise<FixtureServer> {
  const log: LoggedRequest[] = [];
  const images = new Map<string, Buffer>();
  const sockets = new Set<import('node:net').Socket>();
  let origin = '';

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const q = url.searchParams;
    log.push({
      method: req.method ?? 'GET',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: q,
      headers: req.headers,
      at: Date.now(),
    });
    const delay = Number(q.get('ms') ?? 0);
    try {
      if (url.pathname === '/img') {
        const key = `${q.get('color')}-${q.get('w')}-${q.get('h')}`;
        let png = images.get(key);
        if (!png) {
          const hex = (q.get('color') ?? '808080').padStart(6, '0');
          const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
          png = await sharp({
            create: {
              width: Number(q.get('w') ?? 100),
              height: Number(q.get('h') ?? 100),
              channels: 3,
              background: { r: r!, g: g!, b: b! },
            },
          })
            .png()
            .toBuffer();
          images.set(key, png);
        }
        await sleep(delay);
        return send(res, 200, 'image/png', png);
      }
      if (url.pathname === '/slow') {
        await sleep(delay);
        const page = q.get('page');
        if (page) return send(res, 200, TYPES['.html']!, await renderPage(page, q));
        return send(res, 200, TYPES['.html']!, '<!doctype html><body style="background:#00ff00">slow</body>');
      }
      if (url.pathname === '/redirect') {
        res.writeHead(Number(q.get('status') ?? 302), { location: q.get('to') ?? '/' });
        return res.end();
      }
      if (url.pathname.startsWith('/status/')) {
        const code = Number(url.pathname.slice('/status/'.length));
        return send(res, code, TYPES['.html']!, `<!doctype html><h1>${code}</h1>`);
      }
      if (url.pathname === '/beacon') return send(res, 204, 'text/plain', '');
      if (url.pathname === '/download') {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-disposition': 'attachment; filename="x.bin"',
        });
        return res.end(Buffer.alloc(1024));
      }
      const file = normalize(url.pathname === '/' ? '/basic.html' : url.pathname).replace(
        /^(\.\.[/\\])+/,
        '',
      );
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      await sleep(delay);
      if (extname(file) === '.html') return send(res, 200, type, await renderPage(file, q));
      return send(res, 200, type, await readFile(join(PAGES, file)));
    } catch {
      if (!res.headersSent) send(res, 404, 'text/plain', 'not found');
    }
  });

  async function renderPage(file: string, q: URLSearchParams): Promise<string> {
    const html = await readFile(join(PAGES, file), 'utf8');
    return html
      .replaceAll('{{ORIGIN}}', origin)
      .replaceAll('{{PORT}}', String(port))
      .replace(/\{\{q:([a-z_]+)\}\}/g, (_, name: string) => q.get(name) ?? '');
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    log,
    requests: (prefix, host) =>
      log.filter((r) => r.path.startsWith(prefix) && (host === undefined || r.host.startsWith(host))),
    clear: () => {
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port on 127.0.0.1 that nothing listens on (connections to it are refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
