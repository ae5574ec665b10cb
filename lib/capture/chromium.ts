/**
 * @module capture/chromium
 * Which Chromium binary to run and with which switches. Resolution order: the configured path
 * (`FRAMESHOT_CHROMIUM_PATH`) → the `@sparticuz/chromium` binary → a system `chromium`.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Unavailable } from '../errors.ts';
import { UNSANDBOXED_ARGS } from './sandbox.ts';

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
 * - `--disable-site-isolation-trials` and `IsolateOrigins,site-per-process` in `--disable-features`:
 *   a captured page's cross-site frames get renderers of their own (cost measured in
 *   docs/capture.md § Containment).
 * - `--no-sandbox`, `--no-zygote`, `--disable-setuid-sandbox`: `sandbox.ts` decides those.
 */
const DROPPED = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  "--headless='shell'",
  '--disable-site-isolation-trials',
  ...UNSANDBOXED_ARGS,
  '--disable-setuid-sandbox',
]);

/**
 * Switches every binary gets, the bench's floor and peers too (they launch with `args`):
 * - `--disable-gpu`: pages are rastered by Skia on the CPU instead of through SwiftShader's GL
 *   emulation (`--use-angle=swiftshader --in-process-gpu`), which on a machine without a GPU
 *   only emulates one. A 1440×900 @2 shot after load, medians of 3 (2 cores): light page
 *   1352 → 543 ms, a landing page 711 → 394 ms, a dashboard 988 → 321 ms. WebGL still works
 *   (SwiftShader's Vulkan backend); docs/benchmarks.md has the whole comparison.
 */
export const RENDERING_ARGS = ['--disable-gpu'] as const;

/** @sparticuz/chromium's switches, less the dropped ones and the site-isolation opt-outs. */
function sparticuzArgs(args: readonly string[]): string[] {
  return args
    .filter((a) => !DROPPED.has(a))
    .map((a) => {
      if (!a.startsWith('--disable-features=')) return a;
      const kept = a
        .slice('--disable-features='.length)
        .split(',')
        .filter((f) => f !== 'IsolateOrigins' && f !== 'site-per-process');
      return kept.length ? `--disable-features=${kept.join(',')}` : '';
    })
    .filter(Boolean);
}

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
    // Every site of a captured page in a renderer of its own (Chromium's default on desktop, said
    // explicitly since the headless shell's defaults differ by build).
    '--site-per-process',
    '--deny-permission-prompts',
    '--disable-notifications',
    '--dns-prefetch-disable',
    '--noerrdialogs',
    '--no-first-run',
  ];
}

/**
 * `binDir`: where the @sparticuz/chromium brotli files are when they are not in the package's own
 * `bin/` — on Lambda, the Chromium layer's `/opt/chromium/bin` (FRAMESHOT_CHROMIUM_BIN_DIR).
 */
export async function resolveChromium(configured?: string, binDir?: string): Promise<ChromiumBinary> {
  if (configured) {
    if (!(await isExecutable(configured))) {
      throw new Unavailable(
        'browser',
        `FRAMESHOT_CHROMIUM_PATH is ${configured}, which is not an executable file. Point it at a Chromium binary or unset it to use the bundled one`,
      );
    }
    const shell = /headless[-_]shell/.test(configured);
    return {
      path: configured,
      source: 'config',
      headless: shell ? 'shell' : true,
      args: [...RENDERING_ARGS],
    };
  }
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    const path = await chromium.executablePath(binDir);
    return {
      path,
      source: 'sparticuz',
      headless: 'shell',
      args: [...sparticuzArgs(chromium.args), ...RENDERING_ARGS],
    };
  } catch (err) {
    for (const path of SYSTEM_PATHS) {
      if (await isExecutable(path))
        return { path, source: 'system', headless: true, args: [...RENDERING_ARGS] };
    }
    throw new Unavailable(
      'browser',
      `No Chromium found: the @sparticuz/chromium binary could not be unpacked (${(err as Error).message}) and none of ${SYSTEM_PATHS.join(', ')} exists. Set FRAMESHOT_CHROMIUM_PATH`,
      { cause: err },
    );
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
