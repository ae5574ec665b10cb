/**
 * @module bench/fixture-server
 * The benchmark's pages on 127.0.0.1: `bench/fixtures/*.html`, the web fonts of `assets/fonts/`
 * under `/fonts/`, and photo-like JPEGs under `/img/{n}.jpg?w=&h=` (generated once, noisy so they
 * weigh what real photos weigh). Everything is `no-store`, so no engine gets a warm HTTP cache.
 * Pages under `/real/` (`bench/fixtures/real/`, with their CSS and JS) are served as a CDN would:
 * an ETag and Last-Modified, gzip for text, and 20–60 ms added per request (a TTFB on HTML).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import sharp from 'sharp';

const PAGES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FONTS = fileURLToPath(new URL('../assets/fonts/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.jpg': 'image/jpeg',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
};

const REAL = fileURLToPath(new URL('./fixtures/real/', import.meta.url));
const LAST_MODIFIED = new Date('2026-11-01T00:00:00Z').toUTCString();
const gzipped = promisify(gzip);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a CDN adds per request: HTML pays an origin TTFB, assets an edge round trip. */
const latencyMs = (type: string) => (type.startsWith('text/html') ? 60 : 20 + Math.random() * 40);

export interface BenchSite {
  origin: string;
  /** Requests served so far. */
  served: () => number;
  close(): Promise<void>;
}

/** A photo-like JPEG: a hue gradient under per-pixel noise, so it compresses like a photo. */
async function photo(seed: number, width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const noise = (state >>> 24) - 128;
      const i = (y * width + x) * 3;
      pixels[i] = clamp(((x / width) * 200 + seed * 40) % 256, noise);
      pixels[i + 1] = clamp((y / height) * 180 + 40, noise);
      pixels[i + 2] = clamp(((seed * 70) % 200) + 30, noise);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .blur(1.2)
    .jpeg({ quality: 82 })
    .toBuffer();
}

const clamp = (base: number, noise: number) => Math.max(0, Math.min(255, Math.round(base + noise * 0.35)));

export async function startBenchSite(): Promise<BenchSite> {
  const images = new Map<string, Promise<Buffer>>();
  const sockets = new Set<Socket>();
  let served = 0;

  const server = http.createServer(async (req, res) => {
    served++;
    const url = new URL(req.url ?? '/', 'http://bench');
    try {
      if (url.pathname.startsWith('/real/')) {
        const file = basename(url.pathname);
        const type = TYPES[extname(file)];
        if (!type) return send(res, 404, 'text/plain', 'not found');
        await sleep(latencyMs(type));
        return sendAsCdn(req, res, type, await readFile(REAL + file));
      }
      if (url.pathname.startsWith('/img/')) {
        const seed = Number.parseInt(basename(url.pathname), 10) || 0;
        const w = Math.min(2000, Number(url.searchParams.get('w') ?? 800));
        const h = Math.min(2000, Number(url.searchParams.get('h') ?? 600));
        const key = `${seed}-${w}-${h}`;
        if (!images.has(key)) images.set(key, photo(seed, w, h));
        return send(res, 200, TYPES['.jpg']!, await images.get(key)!);
      }
      if (url.pathname.startsWith('/fonts/')) {
        const file = basename(url.pathname);
        return send(
          res,
          200,
          TYPES[extname(file)] ?? 'application/octet-stream',
          await readFile(FONTS + file),
        );
      }
      const page = basename(url.pathname === '/' ? 'light.html' : url.pathname);
      if (extname(page) !== '.html') return send(res, 404, 'text/plain', 'not found');
      return send(res, 200, TYPES['.html']!, await readFile(PAGES + page));
    } catch {
      if (!res.headersSent) send(res, 404, 'text/plain', 'not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  // The heavy page's images are made before the first capture, so no engine pays for them.
  images.set('0-1600-900', photo(0, 1600, 900));
  for (let i = 1; i <= 12; i++) images.set(`${i}-800-540`, photo(i, 800, 540));
  // …and so are the real pages' photos.
  for (const page of (await readdir(REAL)).filter((f) => f.endsWith('.html'))) {
    const html = await readFile(REAL + page, 'utf8');
    for (const [, seed, w, h] of html.matchAll(/\/img\/(\d+)\.jpg\?w=(\d+)&h=(\d+)/g)) {
      const key = `${seed}-${w}-${h}`;
      if (!images.has(key)) images.set(key, photo(Number(seed), Number(w), Number(h)));
    }
  }
  await Promise.all(images.values());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served: () => served,
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

/**
 * A text asset the way a CDN answers: an ETag and Last-Modified, gzip when accepted. Still
 * `no-store`, so a validator never turns into a warm cache for one engine and not another.
 */
async function sendAsCdn(req: http.IncomingMessage, res: http.ServerResponse, type: string, body: Buffer) {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': type,
    'cache-control': 'no-store',
    etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`,
    'last-modified': LAST_MODIFIED,
    vary: 'Accept-Encoding',
  };
  const compressible = !type.startsWith('font/') && !type.startsWith('image/');
  if (compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    const packed = await gzipped(body);
    res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': packed.length });
    return res.end(packed);
  }
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(body);
}
