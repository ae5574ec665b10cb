/**
 * @module net/safe-fetch
 * A fetch for URLs that come from users (background images, webhooks): the same target checks as
 * the capture proxy (contract §12), with each hop's connection pinned to the address that was
 * checked, redirects re-checked hop by hop, and a size and time cap.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import tls from 'node:tls';
import type { DialFn } from './egress-proxy.ts';
import { EgressError, type LookupFn, type ResolvedAddress, resolveTarget } from './resolve.ts';
import { type InvalidTarget, targetOfUrl } from './target.ts';

export interface SafeFetchOptions {
  allowPrivateTargets: boolean;
  maxBytes: number;
  timeoutMs: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Redirects followed for GET/HEAD (default 5); other methods never follow. */
  maxRedirects?: number;
  lookup?: LookupFn;
  /** TCP connect to the checked address (tests map a public address onto a fixture with it). */
  dial?: DialFn;
}

export interface SafeFetchResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Fetches `url`. Throws `EgressError` with kind `blocked` (private target), `dns_error`,
 * `connection_failed`, `timeout`, `too_large` (body over `maxBytes`) or `invalid` (not an http(s) URL).
 */
export async function safeFetch(url: string, opts: SafeFetchOptions): Promise<SafeFetchResponse> {
  const deadline = Date.now() + opts.timeoutMs;
  let method = (opts.method ?? 'GET').toUpperCase();
  let body = opts.body;
  let current = url;
  const follow = method === 'GET' || method === 'HEAD' ? (opts.maxRedirects ?? 5) : 0;
  for (let hop = 0; ; hop++) {
    let target: ReturnType<typeof targetOfUrl>;
    try {
      target = targetOfUrl(current);
    } catch (err) {
      throw new EgressError('invalid', (err as InvalidTarget).message);
    }
    const resolved = await withDeadline(resolveTarget(target, opts), deadline, current);
    const res = await request(current, resolved, {
      method,
      headers: opts.headers,
      body,
      deadline,
      maxBytes: opts.maxBytes,
      dial: opts.dial,
    });
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location && hop < follow) {
      current = new URL(location, current).href;
      if (res.status === 303) {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    return { url: current, ...res };
  }
}

interface RequestOptions {
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  deadline: number;
  maxBytes: number;
  dial?: DialFn;
}

// One promise on purpose: the deadline timer, the size cap and the connection errors each settle
// the same request, and each needs its `req`, `reject` and the pinned address in scope.
function request(
  url: string,
  pinned: ResolvedAddress,
  o: RequestOptions,
): Promise<Omit<SafeFetchResponse, 'url'>> {
  const u = new URL(url);
  // Node resolves the host through `lookup`; answering with the checked address pins the
  // connection while TLS still verifies the certificate against the host name (SNI).
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) {
      (cb as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    } else cb(null, pinned.address, pinned.family);
  };
  const secure = u.protocol === 'https:';
  const port = Number(u.port || (secure ? 443 : 80));
  const dial = o.dial;
  const createConnection = dial
    ? () => {
        const socket = dial(pinned.address, port);
        return secure ? tls.connect({ socket, servername: u.hostname }) : socket;
      }
    : undefined;
  return new Promise((resolve, reject) => {
    const remaining = o.deadline - Date.now();
    if (remaining <= 0) return reject(new EgressError('timeout', `Fetching ${url} timed out`, u.host));
    // Node only uses `createConnection` when no agent is set; otherwise a fresh agent per request.
    const options = createConnection
      ? { method: o.method, headers: o.headers, createConnection }
      : { method: o.method, headers: o.headers, lookup, agent: false as const };
    const req = (secure ? https : http).request(u, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > o.maxBytes) {
          const err = new EgressError(
            'too_large',
            `The response of ${url} is larger than ${o.maxBytes} bytes`,
            u.host,
          );
          reject(err);
          req.destroy(err);
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    const timer = setTimeout(
      () => req.destroy(new EgressError('timeout', `Fetching ${url} timed out`, u.host)),
      remaining,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof EgressError) return reject(err);
      const what =
        err.code === 'ECONNREFUSED' ? 'refused the connection' : `failed (${err.code ?? err.message})`;
      reject(
        new EgressError('connection_failed', `${u.host} (${pinned.address}) ${what}`, u.host, pinned.address),
      );
    });
    req.end(o.body);
  });
}

function withDeadline<T>(p: Promise<T>, deadline: number, url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new EgressError('timeout', `Resolving ${url} timed out`)),
      Math.max(0, deadline - Date.now()),
    );
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
