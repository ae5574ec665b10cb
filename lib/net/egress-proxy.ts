/**
 * @module net/egress-proxy
 * The filtering egress proxy Chromium sends all its traffic through (contract §12). It speaks
 * HTTP CONNECT (https, wss) and absolute-form HTTP forwarding (http), resolves each target once,
 * checks every address of the answer and connects to the checked address — so the address
 * checked is the address connected to, whatever DNS answers the next time. Every decision is
 * recorded as an event, which is how a capture learns which of its requests were refused.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { EgressError, type EgressFailure, type ResolveOptions, resolveTarget } from './resolve.ts';
import { InvalidTarget, type Target, targetOfAuthority, targetOfUrl } from './target.ts';

/** Opens the TCP connection to a checked address. Injectable so tests can map a public address to a fixture. */
export type DialFn = (address: string, port: number) => net.Socket;

export const systemDial: DialFn = (address, port) => net.connect({ host: address, port });

export interface EgressEvent {
  /** `CONNECT` for tunnels (https, wss), else the HTTP method of a forwarded request. */
  method: string;
  /** `host:port` as requested. */
  target: string;
  /** Full URL when known (plain http only; a tunnel hides the path). */
  url?: string;
  outcome: 'allowed' | EgressFailure;
  address?: string;
  message: string;
}

export interface EgressProxyOptions extends ResolveOptions {
  dial?: DialFn;
  /** How long a TCP connect to the target may take. */
  connectTimeoutMs?: number;
  /** Refuse every request (the browser-wide default, for traffic outside any capture's context). */
  refuseAll?: boolean;
}

export interface EgressProxy {
  /** `http://127.0.0.1:<port>`, for Chromium's proxy setting. */
  readonly url: string;
  readonly events: readonly EgressEvent[];
  close(): Promise<void>;
}

/** Response header naming why the proxy answered a plain-http request itself. */
export const EGRESS_HEADER = 'x-frameshot-egress';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const STATUS_OF: Record<EgressFailure, number> = {
  blocked: 403,
  invalid: 400,
  dns_error: 502,
  connection_failed: 502,
  timeout: 504,
  too_large: 502,
};

/**
 * Starts a proxy on an ephemeral port of 127.0.0.1. One closure: the plain-HTTP, CONNECT and
 * upgrade handlers all write to this proxy's event log and socket set, which `close` tears down.
 */
export async function startEgressProxy(opts: EgressProxyOptions): Promise<EgressProxy> {
  const events: EgressEvent[] = [];
  const sockets = new Set<Duplex>();
  const dial = opts.dial ?? systemDial;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const track = <S extends Duplex>(s: S): S => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => {});
    return s;
  };

  async function admit(method: string, target: Target, url?: string) {
    if (opts.refuseAll) {
      throw new EgressError('blocked', `${target.host} was requested outside any capture`, target.host);
    }
    const resolved = await resolveTarget(target, opts);
    events.push({
      method,
      target: target.authority,
      url,
      outcome: 'allowed',
      address: resolved.address,
      message: 'ok',
    });
    return resolved;
  }

  function refusal(method: string, authority: string, err: unknown, url?: string): EgressError {
    const e =
      err instanceof EgressError
        ? err
        : err instanceof InvalidTarget
          ? new EgressError('invalid', err.message)
          : new EgressError(
              'connection_failed',
              `Connecting to ${authority} failed: ${(err as Error).message}`,
            );
    events.push({ method, target: authority, url, outcome: e.kind, address: e.address, message: e.message });
    return e;
  }

  function connectUpstream(address: string, port: number, authority: string): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = track(dial(address, port));
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new EgressError('timeout', `Connecting to ${authority} (${address}) timed out`, authority, address),
        );
      }, connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const what =
          err.code === 'ECONNREFUSED' ? 'refused the connection' : `failed (${err.code ?? err.message})`;
        reject(new EgressError('connection_failed', `${authority} (${address}) ${what}`, authority, address));
      });
    });
  }

  const server = http.createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    let target: Target | undefined;
    try {
      const url = new URL(req.url ?? '');
      if (url.protocol !== 'http:')
        throw new InvalidTarget(`The proxy only forwards http:// URLs, not ${url.protocol}`);
      target = targetOfUrl(url);
      const resolved = await admit(method, target, url.href);
      const upstreamSocket = await connectUpstream(resolved.address, target.port, target.authority);
      const upstream = http.request({
        method,
        path: url.pathname + url.search,
        headers: forwardable(req.headers),
        createConnection: () => upstreamSocket,
      });
      upstream.on('response', (up) => {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, forwardable(up.headers));
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    } catch (err) {
      const e = refusal(method, target?.authority ?? String(req.url), err, req.url);
      if (res.headersSent) return void res.destroy();
      res.writeHead(STATUS_OF[e.kind], {
        [EGRESS_HEADER]: e.kind,
        'content-length': '0',
        'cache-control': 'no-store',
      });
      res.end();
    }
  });

  server.on('connection', track);
  server.on('connect', async (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    const authority = req.url ?? '';
    try {
      const target = targetOfAuthority(authority);
      const resolved = await admit('CONNECT', target);
      const upstream = await connectUpstream(resolved.address, target.port, target.authority);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    } catch (err) {
      const e = refusal('CONNECT', authority, err);
      client.end(
        `HTTP/1.1 ${STATUS_OF[e.kind]} Refused\r\n${EGRESS_HEADER}: ${e.kind}\r\ncontent-length: 0\r\n\r\n`,
      );
    }
  });
  // Chromium tunnels ws:// through CONNECT; a plain-proxy Upgrade is not something it sends.
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    refusal(
      req.method ?? 'GET',
      String(req.url),
      new EgressError('invalid', 'Upgrade through a plain proxy'),
    );
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  }
  return out;
}
