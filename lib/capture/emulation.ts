/**
 * @module capture/emulation
 * Viewport, pixel ratio, user agent, mobile/touch, locale, time zone and colour scheme. The
 * device table is the contract's (§3): a device sets the defaults, explicit parameters win. The
 * viewports and pixel ratios themselves live with the schema (`DEVICE_SCREENS`), which checks
 * the pixel budget with them before a capture starts.
 */
import type { CDPSession } from 'puppeteer-core';
import { InvalidParams } from '../errors.ts';
import {
  DEFAULT_SCREEN,
  DEVICE_SCREENS,
  type Device,
  resolveScreen,
  viewportBudgetMessage,
} from '../schemas/capture.ts';
import type { CaptureInput } from './types.ts';

export interface Emulation {
  viewport: { width: number; height: number };
  dpr: number;
  userAgent: string;
  mobile: boolean;
  touch: boolean;
  /** `navigator.platform` matching the user agent. */
  platform: string;
}

/** Chrome major version of the bundled Chromium, so the default user agents look current. */
const CHROME = '147.0.0.0';
const UA = {
  mac: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME} Safari/537.36`,
  windows: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME} Safari/537.36`,
  android: `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME} Mobile Safari/537.36`,
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
};

const DESKTOP: Emulation = {
  ...DEFAULT_SCREEN,
  userAgent: UA.mac,
  mobile: false,
  touch: false,
  platform: 'MacIntel',
};

export const DEVICE_EMULATION: Record<Device, Emulation> = {
  'iphone-16-pro': {
    ...DEVICE_SCREENS['iphone-16-pro'],
    userAgent: UA.iphone,
    mobile: true,
    touch: true,
    platform: 'iPhone',
  },
  'macbook-pro-16': { ...DESKTOP, ...DEVICE_SCREENS['macbook-pro-16'] },
  'ipad-pro-m4': {
    ...DEVICE_SCREENS['ipad-pro-m4'],
    userAgent: UA.ipad,
    mobile: true,
    touch: true,
    platform: 'iPad',
  },
  'browser-macos': { ...DESKTOP, ...DEVICE_SCREENS['browser-macos'] },
  'browser-windows': {
    ...DESKTOP,
    ...DEVICE_SCREENS['browser-windows'],
    userAgent: UA.windows,
    platform: 'Win32',
  },
};

type EmulationParams = Pick<
  CaptureInput,
  'device' | 'viewport' | 'capture_dpr' | 'user_agent' | 'emulate_mobile' | 'emulate_touch'
>;

/**
 * The emulation a capture runs with: device defaults (or 1440×900 @2 desktop), then explicit
 * parameters. Refuses a viewport over the pixel budget as the schema does, for callers that skip
 * it: Chromium rasterises the whole emulated screen, so such a page must never get that far.
 */
export function resolveEmulation(params: EmulationParams): Emulation {
  const overBudget = viewportBudgetMessage(params);
  if (overBudget) throw new InvalidParams(overBudget, [{ path: 'viewport', message: overBudget }]);
  const base = params.device ? DEVICE_EMULATION[params.device] : DESKTOP;
  const mobile = params.emulate_mobile ?? base.mobile;
  // A mobile emulation without a device should not announce a desktop browser.
  const mobileWithoutDevice = !params.device && mobile;
  return {
    ...resolveScreen(params),
    userAgent: params.user_agent ?? (mobileWithoutDevice ? UA.android : base.userAgent),
    mobile,
    touch: params.emulate_touch ?? (mobileWithoutDevice ? true : base.touch),
    platform: mobileWithoutDevice ? 'Linux armv81' : base.platform,
  };
}

export interface PageEnvironment {
  locale: string;
  timezone: string;
  darkMode: boolean;
}

/**
 * Applies emulation to a fresh page, before navigation. Everything goes through the capture's
 * own CDP session, the one screenshots are taken on: Chromium scales a screenshot by the device
 * metrics of the session that asks for it.
 */
export async function applyEmulation(client: CDPSession, emu: Emulation, env: PageEnvironment) {
  const lang = env.locale.split('-')[0];
  const acceptLanguage = lang && lang !== env.locale ? `${env.locale},${lang};q=0.9` : env.locale;
  await Promise.all([
    applyDeviceMetrics(client, emu),
    client.send(
      'Emulation.setTouchEmulationEnabled',
      emu.touch ? { enabled: true, maxTouchPoints: 5 } : { enabled: false },
    ),
    client.send('Emulation.setUserAgentOverride', {
      userAgent: emu.userAgent,
      acceptLanguage,
      platform: emu.platform,
    }),
    client.send('Emulation.setLocaleOverride', { locale: env.locale }),
    client.send('Emulation.setTimezoneOverride', { timezoneId: env.timezone }),
    client.send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-color-scheme', value: env.darkMode ? 'dark' : 'light' }],
    }),
  ]);
}

/**
 * Viewport size, pixel ratio and mobile flag. Applied again after an abandoned screenshot: a
 * clipped capture scales the view for its duration, and one cut short by a navigation never
 * scales it back.
 */
export async function applyDeviceMetrics(client: CDPSession, emu: Emulation): Promise<void> {
  const landscape = emu.viewport.width > emu.viewport.height;
  await client.send('Emulation.setDeviceMetricsOverride', {
    width: emu.viewport.width,
    height: emu.viewport.height,
    // The emulated device's screen is its viewport (not the host's): `screen.width` is what the
    // full-page step sizes the shot by, and what device-width media queries match.
    screenWidth: emu.viewport.width,
    screenHeight: emu.viewport.height,
    deviceScaleFactor: emu.dpr,
    mobile: emu.mobile,
    screenOrientation: landscape
      ? { angle: 90, type: 'landscapePrimary' }
      : { angle: 0, type: 'portraitPrimary' },
  });
}
