/**
 * @module capture/chromium
 * Which Chromium binary to run and with which switches. Resolution order: the configured path
 * (`FRAMESHOT_CHROMIUM_PATH`) → the `@sparticuz/chromium` binary → a system `chromium`.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Unavailable } from '../errors.ts';

export interface ChromiumBinary {
  path: string;
  source: 'config' | 'sparticuz' | 'system';
  /** `shell` for chrome-headless-shell builds (the @sparticuz binary), `true` for full Chromium. */
  headless: 'shell' | true;
  args: string[];
}

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Switches dropped from @sparticuz/chromium's list:
 * - `--single-process`: a page in a second browser context crashes the browser with it (measured:
 *   `createBrowserContext()` + `newPage()` → "Target closed"), and one renderer crash would take
 *   every capture down; a fresh context per capture needs the multi-process model.
 * - `--disable-web-security`, `--allow-running-insecure-content`: captured pages keep the same-origin
 *   policy and mixed-content blocking.
 * - `--headless='shell'`: puppeteer adds its own headless switch.
 */
const DROPPED = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  "--headless='shell'",
]);

/** Switches every capture browser gets, whatever the binary. */
export function hardeningArgs(denyProxyUrl: string): string[] {
  return [
    // Everything outside a capture's own context goes to a proxy that refuses it; loopback is
    // not bypassed (Chromium bypasses localhost implicitly unless told `<-loopback>`).
    `--proxy-server=${denyProxyUrl}`,
    '--proxy-bypass-list=<-loopback>',
    // WebRTC may not send UDP around the proxy (it could reach private addresses).
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--deny-permission-prompts',
    '--disable-notifications',
    '--dns-prefetch-disable',
    '--noerrdialogs',
    '--no-first-run',
  ];
}

export async function resolveChromium(configured?: string): Promise<ChromiumBinary> {
  if (configured) {
    if (!(await isExecutable(configured))) {
      throw new Unavailable(
        'browser',
        `FRAMESHOT_CHROMIUM_PATH is ${configured}, which is not an executable file. Point it at a Chromium binary or unset it to use the bundled one`,
      );
    }
    const shell = /headless[-_]shell/.test(configured);
    return { path: configured, source: 'config', headless: shell ? 'shell' : true, args: systemArgs() };
  }
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    const path = await chromium.executablePath();
    return {
      path,
      source: 'sparticuz',
      headless: 'shell',
      args: chromium.args.filter((a) => !DROPPED.has(a)),
    };
  } catch (err) {
    for (const path of SYSTEM_PATHS) {
      if (await isExecutable(path)) return { path, source: 'system', headless: true, args: systemArgs() };
    }
    throw new Unavailable(
      'browser',
      `No Chromium found: the @sparticuz/chromium binary could not be unpacked (${(err as Error).message}) and none of ${SYSTEM_PATHS.join(', ')} exists. Set FRAMESHOT_CHROMIUM_PATH`,
      { cause: err },
    );
  }
}

function systemArgs(): string[] {
  // As root (containers), Chromium refuses to start with its sandbox.
  return process.getuid?.() === 0 ? ['--no-sandbox', '--no-zygote'] : [];
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
