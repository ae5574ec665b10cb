/**
 * @module net/target
 * Turns a URL or a proxy `host:port` authority into a normalised target. Normalisation is the
 * WHATWG URL parser's, the same one Chromium uses, so `2130706433`, `0x7f.1`, `0177.0.0.1` and
 * `127.1` all become `127.0.0.1` here exactly as they do in the browser; trailing dots are
 * dropped, IDNs are punycoded, IPv6 loses its brackets.
 */
import { isIpLiteral } from './address.ts';

export interface Target {
  /** Lower-case host name or IP literal, no brackets, no trailing dot. */
  host: string;
  port: number;
  /** True when `host` is an IP literal (no DNS involved). */
  literal: boolean;
  /** `host:port` as a proxy sees it (IPv6 bracketed). */
  authority: string;
}

export class InvalidTarget extends Error {
  override name = 'InvalidTarget';
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };

/** Parses an http(s) URL into its target. Throws `InvalidTarget` for any other scheme or no host. */
export function targetOfUrl(input: string | URL): Target {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    throw new InvalidTarget(`"${String(input).slice(0, 200)}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidTarget(
      `Only http and https URLs can be captured, not ${url.protocol.replace(':', '')}:`,
    );
  }
  return makeTarget(url.hostname, url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol]!);
}

/** Parses a CONNECT request's authority (`host:port`). */
export function targetOfAuthority(authority: string): Target {
  let url: URL;
  try {
    url = new URL(`http://${authority}`);
  } catch {
    throw new InvalidTarget(`"${authority.slice(0, 200)}" is not a valid host:port`);
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || !url.port) {
    throw new InvalidTarget(`"${authority.slice(0, 200)}" is not a valid host:port`);
  }
  return makeTarget(url.hostname, Number(url.port));
}

function makeTarget(hostname: string, port: number): Target {
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  host = host.replace(/\.+$/, '');
  if (!host) throw new InvalidTarget('The URL has no host');
  const literal = isIpLiteral(host);
  return { host, port, literal, authority: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}` };
}

/** `localhost` and `*.localhost` always mean loopback (RFC 6761), whatever DNS says. */
export function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}
