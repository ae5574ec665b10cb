/**
 * @module schemas/capture
 * The capture parameter contract (API.md §3) as valibot schemas: one source for validation,
 * TypeScript types, static defaults, the cache-key normaliser and the OpenAPI document. Entries
 * are grouped by concern (page, session, viewport, element, style, output, delivery, transport);
 * `FIELDS` gives the field sets the pipeline reads from those groups.
 */
import * as v from 'valibot';
import { isColor } from '../css/color.ts';
import { gradientProblem } from '../css/gradient.ts';
import { enumOf, fieldsOf, int, num, text } from './fields.ts';
import { captureBudgetProblem, MAX_OUTPUT_SIDE } from './limits.ts';

export const DEVICES = [
  'iphone-16-pro',
  'macbook-pro-16',
  'ipad-pro-m4',
  'browser-macos',
  'browser-windows',
] as const;
export type Device = (typeof DEVICES)[number];

/** A viewport in CSS px and the pixel ratio it is captured at. */
export interface DeviceScreen {
  viewport: { width: number; height: number };
  dpr: number;
}

/** The contract's default viewports (§3), and 1440×900 @2 without a device. */
export const DEVICE_SCREENS: Record<Device, DeviceScreen> = {
  'iphone-16-pro': { viewport: { width: 402, height: 874 }, dpr: 3 },
  'macbook-pro-16': { viewport: { width: 1728, height: 1117 }, dpr: 2 },
  'ipad-pro-m4': { viewport: { width: 1032, height: 1376 }, dpr: 2 },
  'browser-macos': { viewport: { width: 1440, height: 900 }, dpr: 2 },
  'browser-windows': { viewport: { width: 1440, height: 900 }, dpr: 1 },
};
export const DEFAULT_SCREEN: DeviceScreen = { viewport: { width: 1440, height: 900 }, dpr: 2 };

/** The viewport and capture DPR a capture runs with: the device's (or the default), explicit values winning. */
export function resolveScreen(p: {
  device?: Device;
  viewport?: { width: number; height: number };
  capture_dpr?: number;
}): DeviceScreen {
  const base = p.device ? DEVICE_SCREENS[p.device] : DEFAULT_SCREEN;
  return { viewport: { ...(p.viewport ?? base.viewport) }, dpr: p.capture_dpr ?? base.dpr };
}

export const DEVICE_COLORS: Record<Device, readonly string[]> = {
  'iphone-16-pro': ['black-titanium', 'white-titanium', 'natural-titanium', 'desert-titanium'],
  'macbook-pro-16': ['space-black', 'silver'],
  'ipad-pro-m4': ['space-black', 'silver'],
  'browser-macos': ['light', 'dark'],
  'browser-windows': ['light', 'dark'],
};

export const BLOCK_CATEGORIES = ['ads', 'trackers', 'cookie_banners', 'chat_widgets', 'media'] as const;
export const LOAD_STATES = ['load', 'domcontentloaded', 'networkidle'] as const;
export const BACKGROUND_STYLES = ['gradient', 'solid', 'none', 'transparent'] as const;
export const BACKGROUND_PRESETS = [
  'aurora',
  'sunset',
  'ocean',
  'midnight',
  'arctic',
  'dusk',
  'forest',
  'ember',
  'custom',
] as const;
export const SHADOWS = ['none', 'soft', 'hard', 'glow', 'float'] as const;
export const PERSPECTIVES = [
  'none',
  'tilt-left',
  'tilt-right',
  'tilt-up',
  'tilt-down',
  'tilt-left-strong',
  'tilt-right-strong',
  'iso-left',
  'iso-right',
] as const;
export const CAMERA_PRESETS = ['hero', 'dashboard', 'flat', 'cinematic', 'detail'] as const;
export const LAYOUTS = ['default', 'bottom-cropped', 'top-cropped'] as const;
export const ASPECT_RATIOS = ['auto', '16:9', '4:3', '3:2', '1:1', '4:5', '9:16', '21:9'] as const;
export const DEPTH_BLUR_TYPES = ['dir', 'radial', 'tilt', 'lens'] as const;
export const DIRECTIONS = ['top', 'bottom', 'left', 'right'] as const;
export const TEXT_ALIGNS = ['left', 'center', 'right'] as const;
export const FONTS = ['sans', 'serif', 'mono'] as const;
export const FORMATS = ['png', 'webp', 'jpg', 'avif'] as const;
export type Format = (typeof FORMATS)[number];

const color = (name: string) =>
  v.pipe(
    text(name, 100),
    v.check(isColor, `Invalid ${name}. Must be a CSS colour such as #1e293b, rgb(30 41 59) or navy`),
  );

const bool = (name: string) => v.boolean(`Invalid ${name}. Must be true or false`);

const httpUrl = (name: string) =>
  v.pipe(
    text(name, 4096),
    v.check((s) => /^https?:\/\/[^\s/]/i.test(s), `Invalid ${name}. Must be an http:// or https:// URL`),
  );

/** `url`: a scheme-less value gets `https://` (contract §3). */
const targetUrl = v.pipe(
  v.string('Missing url. Provide the page to capture, e.g. "url": "https://example.com"'),
  v.trim(),
  v.nonEmpty('Missing url. Provide the page to capture, e.g. "url": "https://example.com"'),
  v.maxLength(4096, 'Invalid url. Must be at most 4096 characters'),
  v.transform((s) => (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[^:/]+:\d+(\/|$)/.test(s) ? s : `https://${s}`)),
  v.check((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'Invalid url. Must be an http:// or https:// URL with a host'),
);

/** Caps on `block` URL patterns: each is matched against every sub-resource URL of the page. */
export const BLOCK_LIMITS = { entries: 50, length: 300, stars: 8 } as const;

/** `*` runs in a pattern (consecutive stars match like one). */
const starRuns = (s: string) => s.match(/\*+/g)?.length ?? 0;

const blockEntry = v.pipe(
  text('block', BLOCK_LIMITS.length),
  v.check(
    (s) => (BLOCK_CATEGORIES as readonly string[]).includes(s) || /[*./]/.test(s),
    `Invalid block entry. Must be one of: ${BLOCK_CATEGORIES.join(', ')}, or a URL pattern such as *.doubleclick.net/*`,
  ),
  v.check(
    (s) => starRuns(s) <= BLOCK_LIMITS.stars,
    `Invalid block entry. A URL pattern may have at most ${BLOCK_LIMITS.stars} * wildcards; split it into simpler patterns`,
  ),
);

const waitFor = v.union(
  [
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(30000)),
    v.picklist(LOAD_STATES),
    v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(1000)),
  ],
  'Invalid wait_for. Must be milliseconds (0–30000), "load", "domcontentloaded", "networkidle" or a CSS selector',
);

const timezone = v.pipe(
  text('timezone', 64),
  v.check((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Invalid timezone. Must be an IANA time zone such as UTC, Europe/Paris or America/New_York'),
);

const locale = v.pipe(
  text('locale', 35),
  v.regex(
    /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
    'Invalid locale. Must be a BCP 47 tag such as en-US, fr or pt-BR',
  ),
);

const nameList = (name: string, max: number) =>
  v.pipe(
    v.union([
      v.array(text(name, 1000)),
      v.pipe(
        text(name, 1000),
        v.transform((s) => [s]),
      ),
    ]),
    v.maxLength(max, `Invalid ${name}. At most ${max} entries`),
  );

/** The page and how it is loaded (§3 "Source and navigation"): what the capture engine reads. */
const PageEntries = {
  url: targetUrl,
  wait_for: v.optional(waitFor, 'load'),
  block: v.optional(
    v.pipe(
      v.union([
        v.array(blockEntry),
        v.pipe(
          blockEntry,
          v.transform((s) => [s]),
        ),
      ]),
      v.maxLength(BLOCK_LIMITS.entries, `Invalid block. At most ${BLOCK_LIMITS.entries} entries`),
    ),
    [],
  ),
  inject_css: v.optional(
    v.pipe(v.string(), v.maxLength(65536, 'Invalid inject_css. Must be at most 64 KiB')),
  ),
  inject_js: v.optional(v.pipe(v.string(), v.maxLength(65536, 'Invalid inject_js. Must be at most 64 KiB'))),
  hide_selectors: v.optional(nameList('hide_selectors', 100)),
  dark_mode: v.optional(bool('dark_mode'), false),
  full_page: v.optional(bool('full_page'), false),
  full_page_max_height: v.optional(int('full_page_max_height', 200, 32768), 16384),
};

/**
 * Whose credentials the page is loaded with (§8). Changes the pixels (so it is in the cache key)
 * but is not a page input: the profile is opened when the capture runs, never stored in a plan.
 */
const SessionEntries = {
  auth_profile_id: v.optional(text('auth_profile_id', 64)),
};

/** Viewport and emulation (§3). Device-dependent defaults are applied by `resolveEmulation`. */
const ViewportEntries = {
  viewport: v.optional(
    v.object({
      width: int('viewport.width', 200, 3840),
      height: int('viewport.height', 200, 10000),
    }),
  ),
  capture_dpr: v.optional(num('capture_dpr', 1, 3)),
  user_agent: v.optional(text('user_agent', 512)),
  emulate_mobile: v.optional(bool('emulate_mobile')),
  emulate_touch: v.optional(bool('emulate_touch')),
  locale: v.optional(locale, 'en-US'),
  timezone: v.optional(timezone, 'UTC'),
  device: v.optional(enumOf('device', DEVICES)),
};

/** A description in words (`element`, `prompt`): trimmed, not empty, capped. */
const words = (name: string, max: number, example: string) =>
  v.pipe(
    text(name, max),
    v.trim(),
    v.nonEmpty(`Invalid ${name}. Must not be empty: describe it in words, e.g. ${example}`),
  );

/** Element capture (§3). */
const ElementEntries = {
  selector: v.optional(text('selector', 1000)),
  element: v.optional(words('element', 500, '"the pricing table"')),
};

/** Output (§3). */
export const OutputSchema = v.object({
  format: v.optional(
    v.pipe(
      v.picklist([...FORMATS, 'jpeg'], `Invalid output.format. Must be one of: ${FORMATS.join(', ')}`),
      v.transform((f): Format => (f === 'jpeg' ? 'jpg' : f)),
    ),
    'png',
  ),
  width: v.optional(int('output.width', 16, MAX_OUTPUT_SIDE)),
  height: v.optional(int('output.height', 16, MAX_OUTPUT_SIDE)),
  dpr: v.optional(v.pipe(v.picklist([1, 2, 3], 'Invalid output.dpr. Must be one of: 1, 2, 3')), 1),
  quality: v.optional(int('output.quality', 1, 100), 90),
});

/** Delivery (§3): how a render is scheduled, delivered or billed, never its pixels. */
const DeliveryEntries = {
  project_id: v.optional(text('project_id', 64)),
  timeout_ms: v.optional(int('timeout_ms', 1000, 90000)),
  async: v.optional(bool('async'), false),
  /**
   * A synchronous capture that would outlast the request (API Gateway ends it at 29 s) becomes a
   * job and answers 202 instead of failing. `false`: answer the timeout error instead.
   */
  async_fallback: v.optional(bool('async_fallback'), true),
  webhook_url: v.optional(httpUrl('webhook_url')),
  cache_ttl: v.optional(int('cache_ttl', 0, 2592000), 86400),
  fresh: v.optional(bool('fresh'), false),
  show_resolved_params: v.optional(bool('show_resolved_params'), false),
  response_type: v.optional(enumOf('response_type', ['json', 'image'] as const)),
};

/**
 * Query pairs of `GET /v1/capture` that carry credentials or a signature (§6), not parameters:
 * never validated as parameters, never part of a cache key.
 */
const TransportEntries = {
  api_key: v.optional(v.string()),
  expires: v.optional(v.string()),
  signature: v.optional(v.string()),
};

/** `title_*` / `subtitle_*` styling fields. */
const textStyle = <P extends 'title' | 'subtitle'>(p: P) =>
  prefixed(p, {
    font: v.optional(enumOf(`${p}_font`, FONTS)),
    size: v.optional(num(`${p}_size`, 6, 400)),
    color: v.optional(color(`${p}_color`)),
    weight: v.optional(int(`${p}_weight`, 100, 900)),
    align: v.optional(enumOf(`${p}_align`, TEXT_ALIGNS)),
    position: v.optional(enumOf(`${p}_position`, DIRECTIONS)),
  });

function prefixed<P extends string, T extends Record<string, unknown>>(prefix: P, entries: T) {
  return Object.fromEntries(Object.entries(entries).map(([k, s]) => [`${prefix}_${k}`, s])) as {
    [K in keyof T & string as `${P}_${K}`]: T[K];
  };
}

/** Everything that styles the render (§3: frame, background, spacing, camera, layout, text, AI). */
const StyleEntries = {
  device_color: v.optional(text('device_color', 40)),
  device_scale: v.optional(num('device_scale', 0.2, 2), 1),

  background_style: v.optional(enumOf('background_style', BACKGROUND_STYLES), 'gradient'),
  background_preset: v.optional(enumOf('background_preset', BACKGROUND_PRESETS), 'aurora'),
  background_color: v.optional(color('background_color')),
  background_gradient: v.optional(
    v.pipe(
      text('background_gradient', 2000),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const problem = gradientProblem(dataset.value);
        if (problem) addIssue({ message: `Invalid background_gradient: ${problem}` });
      }),
    ),
  ),
  background: v.optional(
    v.pipe(
      text('background', 200),
      v.regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'Invalid background. Must be a catalogue reference "pack/slug"'),
    ),
  ),
  /** Colours a catalogue `background` is re-coloured to (1–4 CSS colours): brand-matched backgrounds. */
  background_tint: v.optional(
    v.pipe(
      v.union(
        [
          v.array(color('background_tint')),
          v.pipe(
            color('background_tint'),
            v.transform((s) => [s]),
          ),
        ],
        'Invalid background_tint. Give 1 to 4 CSS colours: "#ff5a1f" or ["#ff5a1f", "#1f6fff"]',
      ),
      v.minLength(1, 'Invalid background_tint. Give 1 to 4 CSS colours'),
      v.maxLength(4, 'Invalid background_tint. Give 1 to 4 CSS colours'),
    ),
  ),
  background_image_url: v.optional(httpUrl('background_image_url')),

  padding: v.optional(num('padding', 0, 1000)),
  corner_radius: v.optional(num('corner_radius', 0, 1000)),
  shadow: v.optional(enumOf('shadow', SHADOWS), 'soft'),
  shadow_color: v.optional(color('shadow_color')),
  shadow_blur: v.optional(num('shadow_blur', 0, 500)),
  shadow_offset_x: v.optional(num('shadow_offset_x', -1000, 1000)),
  shadow_offset_y: v.optional(num('shadow_offset_y', -1000, 1000)),
  shadow_spread: v.optional(num('shadow_spread', -500, 500)),
  shadow_opacity: v.optional(num('shadow_opacity', 0, 1)),

  perspective: v.optional(enumOf('perspective', PERSPECTIVES)),
  perspective_intensity: v.optional(num('perspective_intensity', 0, 2), 1),
  camera_preset: v.optional(enumOf('camera_preset', CAMERA_PRESETS)),
  tilt_x: v.optional(num('tilt_x', -60, 60)),
  tilt_y: v.optional(num('tilt_y', -60, 60)),
  roll: v.optional(num('roll', -60, 60)),
  zoom: v.optional(num('zoom', 0.5, 3)),
  offset_x: v.optional(num('offset_x', -1, 1)),
  offset_y: v.optional(num('offset_y', -1, 1)),
  frame_scale: v.optional(num('frame_scale', 0.2, 2)),

  layout: v.optional(enumOf('layout', LAYOUTS), 'default'),
  aspect_ratio: v.optional(enumOf('aspect_ratio', ASPECT_RATIOS), 'auto'),
  depth_blur: v.optional(num('depth_blur', 0, 50), 0),
  depth_blur_type: v.optional(enumOf('depth_blur_type', DEPTH_BLUR_TYPES), 'dir'),
  depth_blur_direction: v.optional(enumOf('depth_blur_direction', DIRECTIONS), 'top'),
  depth_blur_angle: v.optional(num('depth_blur_angle', -180, 180)),
  depth_blur_position: v.optional(num('depth_blur_position', 0, 1)),
  depth_blur_band: v.optional(num('depth_blur_band', 0, 1)),
  depth_blur_width: v.optional(num('depth_blur_width', 0, 1)),

  title: v.optional(text('title', 120)),
  subtitle: v.optional(text('subtitle', 120)),
  badge: v.optional(text('badge', 120)),
  ...textStyle('title'),
  ...textStyle('subtitle'),
  badge_color: v.optional(color('badge_color')),

  ai_style: v.optional(bool('ai_style'), false),
  ai_copy: v.optional(bool('ai_copy'), false),
  ai_brand: v.optional(bool('ai_brand'), false),
  prompt: v.optional(words('prompt', 500, '"dark hero shot on an iphone, tilted left"')),
};

function deviceColorMessage(p: { device?: Device }): string {
  if (!p.device) return 'Invalid device_color. Set device too: device_color only applies to a device frame';
  return `Invalid device_color. Must be one of: ${DEVICE_COLORS[p.device].join(', ')}`;
}

/**
 * The viewport shot's pixel budget (`CAPTURE_PIXEL_BUDGET`), known before anything loads. The
 * DPR counts whether it is explicit or the device's: a 3840×10000 viewport on an iphone-16-pro is
 * captured at 3×.
 */
export function viewportBudgetMessage(p: {
  device?: Device;
  viewport?: { width: number; height: number };
  capture_dpr?: number;
}): string | undefined {
  const { viewport, dpr } = resolveScreen(p);
  const problem = captureBudgetProblem(viewport.width, viewport.height, dpr, {
    size: 'viewport.width × viewport.height',
    dpr: 'capture_dpr',
  });
  if (!problem) return undefined;
  const source =
    p.capture_dpr !== undefined
      ? ''
      : ` (capture_dpr ${dpr} is the ${p.device ? `${p.device} default` : 'default'})`;
  const fix = dpr > 1 ? 'lower capture_dpr or the viewport' : 'lower the viewport';
  return `Invalid viewport. ${problem}${source} — ${fix}`;
}

type ScreenFields = Parameters<typeof resolveScreen>[0];

/** The viewport budget check, for the `/v1/raw` and `/v1/capture` objects alike. */
const capturedPixels = <T extends ScreenFields & Record<string, unknown>>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const message = viewportBudgetMessage(dataset.value);
    if (message) addIssue({ message, path: [pathItem(dataset.value, 'viewport')] });
  });

/** `POST /v1/raw`: page, session, viewport, element, output and delivery parameters. */
const RawEntries = {
  ...PageEntries,
  ...SessionEntries,
  ...ViewportEntries,
  ...ElementEntries,
  output: v.optional(OutputSchema, {}),
  ...DeliveryEntries,
};
const RawObject = v.object(RawEntries);
export const RawParams = v.pipe(RawObject, capturedPixels<v.InferOutput<typeof RawObject>>());

/** `POST /v1/capture`: every parameter of the contract. */
const CaptureEntries = {
  ...PageEntries,
  ...SessionEntries,
  ...ViewportEntries,
  ...ElementEntries,
  ...StyleEntries,
  output: v.optional(OutputSchema, {}),
  ...DeliveryEntries,
};
const CaptureObject = v.object(CaptureEntries);
export const CaptureParams = v.pipe(
  CaptureObject,
  capturedPixels<v.InferOutput<typeof CaptureObject>>(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const p = dataset.value;
    if (p.device_color !== undefined && !(p.device && DEVICE_COLORS[p.device].includes(p.device_color))) {
      addIssue({ message: deviceColorMessage(p), path: [pathItem(p, 'device_color')] });
    }
    if (p.output.format === 'jpg' && p.background_style === 'transparent') {
      addIssue({
        message:
          'Invalid output.format. jpg has no alpha channel: use png, webp or avif with background_style "transparent"',
        path: [pathItem(p, 'output')],
      });
    }
    if (p.background_preset === 'custom' && p.background_style === 'gradient' && !p.background_gradient) {
      addIssue({
        message:
          'Missing background_gradient. background_preset "custom" needs a CSS linear-gradient(...) or radial-gradient(...)',
        path: [pathItem(p, 'background_gradient')],
      });
    }
  }),
);

/** A path item so `getDotPath` names the field of a cross-field issue. */
function pathItem(input: Record<string, unknown>, key: string): v.ObjectPathItem {
  return { type: 'object', origin: 'value', input, key, value: input[key] };
}

export type RawParams = v.InferOutput<typeof RawParams>;
export type CaptureParams = v.InferOutput<typeof CaptureParams>;
export type OutputParams = v.InferOutput<typeof OutputSchema>;
/** The styling subset the composer reads. */
export type StyleParams = Omit<
  CaptureParams,
  keyof typeof PageEntries | keyof typeof SessionEntries | keyof typeof DeliveryEntries
>;

/** The field sets the pipeline reads, derived from the groups above (never kept by hand). */
export const FIELDS = {
  /** What the capture engine reads (`captureInput`). */
  page: fieldsOf({ ...PageEntries, ...ViewportEntries, ...ElementEntries }),
  /** Delivery and transport: left out of the cache key. */
  delivery: fieldsOf(DeliveryEntries),
  transport: fieldsOf(TransportEntries),
  /** What styles the render: frame, background, spacing, camera, layout, text, the AI options. */
  style: fieldsOf(StyleEntries),
  /** Every parameter name each endpoint knows (others are ignored with a warning). */
  raw: fieldsOf(RawEntries),
  capture: fieldsOf(CaptureEntries),
} as const;
