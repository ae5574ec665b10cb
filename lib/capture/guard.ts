/**
 * @module capture/guard
 * Target protection for one capture (contract §12). The main URL is checked in Node first (a
 * fast, clear error); then every request of the capture's browser context goes through the
 * capture's own egress proxy, so each refusal it records belongs to this capture: a refused
 * main-frame navigation fails the capture, refused subresources become warnings.
 */
import type { HTTPResponse, Page } from 'puppeteer-core';
import { CaptureFailed } from '../errors.ts';
import {
  type DialFn,
  EGRESS_HEADER,
  EgressError,
  type EgressEvent,
  type EgressProxy,
  InvalidTarget,
  type LookupFn,
  resolveTarget,
  startEgressProxy,
  targetOfUrl,
} from '../net/index.ts';

const PRIVATE_HINT =
  'Frameshot does not load private, loopback or link-local addresses; a deployment that needs to (e.g. for a local dev server) sets FRAMESHOT_ALLOW_PRIVATE_TARGETS=true';

export interface GuardOptions {
  allowPrivateTargets: boolean;
  lookup?: LookupFn;
  dial?: DialFn;
}

/**
 * Checks the main URL before any browser work, spending at most `timeoutMs` on DNS. Throws
 * `CaptureFailed` (`target_blocked`, `dns_error`).
 */
export async function precheckTarget(url: string, opts: GuardOptions, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const target = targetOfUrl(url);
    const slow = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new EgressError('dns_error', `Resolving ${target.host} took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    await Promise.race([resolveTarget(target, opts), slow]);
  } catch (err) {
    if (err instanceof InvalidTarget) throw new CaptureFailed('target_blocked', `${err.message}.`);
    if (err instanceof EgressError) throw failureOf(err.kind, err.message, url, url);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export interface CaptureGuard {
  readonly proxyUrl: string;
  /** Records the page's main-frame navigations (call before navigating). */
  watch(page: Page): void;
  /**
   * The failure of the main document, if the proxy refused it or could not reach it: after a
   * failed `goto` (`response` null) or a response the proxy answered itself.
   */
  mainDocumentFailure(requestedUrl: string, response: HTTPResponse | null): CaptureFailed | null;
  /** Refused requests other than the main document, as user-facing warnings. */
  warnings(): string[];
  close(): Promise<void>;
}

export async function openGuard(opts: GuardOptions): Promise<CaptureGuard> {
  const proxy: EgressProxy = await startEgressProxy(opts);
  const navigations: string[] = [];

  const refusalFor = (url: string): EgressEvent | undefined => {
    let authority: string;
    try {
      authority = targetOfUrl(url).authority;
    } catch {
      return undefined;
    }
    return proxy.events.findLast(
      (e) => e.outcome !== 'allowed' && (e.url ? e.url === url : e.target === authority),
    );
  };

  return {
    proxyUrl: proxy.url,

    watch(page) {
      page.on('request', (req) => {
        if (req.isNavigationRequest() && req.frame() === page.mainFrame()) navigations.push(req.url());
      });
    },

    mainDocumentFailure(requestedUrl, response) {
      const synthetic = response?.headers()[EGRESS_HEADER];
      if (response && !synthetic) {
        // Loaded; but a later main-frame navigation (script redirect) may have been refused.
        for (const url of navigations) {
          const event = refusalFor(url);
          if (event?.outcome === 'blocked') return failureOf('blocked', event.message, requestedUrl, url);
        }
        return null;
      }
      const candidates = response ? [response.url()] : [...navigations].reverse();
      for (const url of candidates) {
        const event = refusalFor(url);
        if (event) return failureOf(event.outcome, event.message, requestedUrl, url);
      }
      return null;
    },

    warnings() {
      const mainAuthorities = new Set(navigations.map((u) => safeAuthority(u)));
      const seen = new Set<string>();
      const out: string[] = [];
      for (const e of proxy.events) {
        if (e.outcome !== 'blocked' || mainAuthorities.has(e.target)) continue;
        const what = e.url ? `a request to ${e.url}` : `a connection to ${e.target}`;
        const text = `Blocked ${what}: ${e.message}`;
        if (!seen.has(text)) out.push(text);
        seen.add(text);
      }
      return out.length > 20 ? [...out.slice(0, 20), `…and ${out.length - 20} more blocked requests`] : out;
    },

    close: () => proxy.close(),
  };
}

function safeAuthority(url: string): string {
  try {
    return targetOfUrl(url).authority;
  } catch {
    return '';
  }
}

/** A refused or unreachable main document as a `CaptureFailed` whose message says what to fix. */
function failureOf(kind: string, detail: string, requestedUrl: string, url: string): CaptureFailed {
  const where =
    url === requestedUrl ? `${url} was not loaded` : `${requestedUrl} led to ${url}, which was not loaded`;
  switch (kind) {
    case 'blocked':
    case 'invalid':
      return new CaptureFailed('target_blocked', `${where}: ${detail}. ${PRIVATE_HINT}.`);
    case 'dns_error':
      return new CaptureFailed('dns_error', `${where}: ${detail}. Check the host name in the URL.`);
    case 'timeout':
      return new CaptureFailed(
        'connection_failed',
        `${where}: ${detail}. The server did not accept a connection; check that it is up and reachable from the internet.`,
      );
    default:
      return new CaptureFailed(
        'connection_failed',
        `${where}: ${detail}. Check that the server is up and the port is right.`,
      );
  }
}
