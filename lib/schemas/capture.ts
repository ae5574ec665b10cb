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
import { described, enumOf, fieldsOf, int, num, text } from './fields.ts';
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
export const FORMATS = ['png', 'webp', 'jpg', 'avif', 'gif'] as const;
export type Format = (typeof FORMATS)[number];
/** What a render can be stored as: the image formats, and `pdf` from `/v1/raw` (§14). */
export type RenderFormat = Format | 'pdf';
export const PDF_PAPERS = ['A4', 'Letter', 'Legal', 'A3'] as const;

const color = (name: string, description?: string) =>
  described(
    v.pipe(
      text(name, 100),
      v.check(isColor, `Invalid ${name}. Must be a CSS colour such as #1e293b, rgb(30 41 59) or navy`),
    ),
    description,
  );

const bool = (name: string, description?: string) =>
  described(v.boolean(`Invalid ${name}. Must be true or false`), description);

const httpUrl = (name: string, description?: string) =>
  described(
    v.pipe(
      text(name, 4096),
      v.check((s) => /^https?:\/\/[^\s/]/i.test(s), `Invalid ${name}. Must be an http:// or https:// URL`),
    ),
    description,
  );

/** `url`: a scheme-less value gets `https://` (contract §3). */
const targetUrl = v.pipe(
  v.string('Missing url. Provide the page to capture, e.g. "url": "https://example.com"'),
  v.trim(),
  v.nonEmpty('Missing url. Provide the page to capture, e.g. "url": "https://example.com"'),
  v.maxLength(4096, 'Invalid url. Must be at most 4096 characters'),
  // Before the transform: the OpenAPI document describes the input, and stops at a transform.
  v.description(
    'The http(s) page to capture; a value without a scheme gets `https://`. Required; `site` is an alias.',
  ),
  v.metadata({ example: 'https://example.com' }),
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

const waitFor = v.pipe(
  v.union(
    [
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(30000)),
      v.picklist(LOAD_STATES),
      v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(1000)),
    ],
    'Invalid wait_for. Must be milliseconds (0–30000), "load", "domcontentloaded", "networkidle" or a CSS selector',
  ),
  v.description(
    'When the page is ready to shoot: the load state `load` (default), `domcontentloaded` or `networkidle`; a number of ms (0–30000) to wait after `load`; or a CSS selector to wait for, visible, after `load`. Counts against `timeout_ms`.',
  ),
  v.metadata({ example: 'networkidle' }),
);

const timezone = v.pipe(
  text('timezone', 64, 'IANA time zone the page runs in (`Intl`, `Date`). Default `UTC`.'),
  v.metadata({ example: 'Europe/Paris' }),
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
  text(
    'locale',
    35,
    'BCP 47 locale the page sees (`navigator.language`, `Accept-Language`, `Intl`). Default `en-US`.',
  ),
  v.metadata({ example: 'fr-FR' }),
  v.regex(
    /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
    'Invalid locale. Must be a BCP 47 tag such as en-US, fr or pt-BR',
  ),
);

const nameList = (name: string, max: number, description?: string) =>
  described(
    v.pipe(
      v.union([
        v.array(text(name, 1000)),
        v.pipe(
          text(name, 1000),
          v.transform((s) => [s]),
        ),
      ]),
      v.maxLength(max, `Invalid ${name}. At most ${max} entries`),
    ),
    description,
  );

/**
 * Where an `html` document without `base_url` is served (§14): a name that can never resolve
 * (RFC 6761 `.invalid`), on https so the page is a secure context. Its relative links lead nowhere.
 */
export const HTML_DOCUMENT_URL = 'https://document.frameshot.invalid/';
/** §14: `html` is at most 2 MiB of UTF-8. */
export const MAX_HTML_BYTES = 2 * 1024 * 1024;

const htmlDocument = v.pipe(
  v.string('Invalid html. Must be a string holding a whole HTML document'),
  v.nonEmpty('Invalid html. Must not be empty: send a whole HTML document, or use url'),
  v.maxBytes(
    MAX_HTML_BYTES,
    'Invalid html. Must be at most 2 MiB of UTF-8: inline less, or host the page and send its url',
  ),
  v.description(
    "A whole HTML document to capture instead of `url` (exactly one of the two), at most 2 MiB of UTF-8. It is loaded without fetching a page; its relative links resolve against `base_url`, and its sub-resources obey the same address rules as `url`. Renders are cached by the document's content.",
  ),
  v.metadata({ example: '<!doctype html><h1 style="font: 64px system-ui">Hello</h1>' }),
);

/** §14 `animation`: the formats an animation is encoded in, the first being the default. */
export const ANIMATED_FORMATS = ['webp', 'gif'] as const;
export const ANIMATION_LIMITS = {
  durationMs: { min: 1000, max: 15000, default: 5000 },
  fps: { min: 5, max: 30, default: 15 },
} as const;

/** §14: the page scrolled smoothly and recorded, frame by frame. */
const AnimationSchema = v.pipe(
  v.object({
    type: enumOf(
      'animation.type',
      ['scroll'] as const,
      'What the animation shows: `scroll`, the page scrolled smoothly from the top.',
    ),
    duration_ms: v.optional(
      int(
        'animation.duration_ms',
        ANIMATION_LIMITS.durationMs.min,
        ANIMATION_LIMITS.durationMs.max,
        'Length of the animation in ms (1000–15000, default 5000).',
      ),
      ANIMATION_LIMITS.durationMs.default,
    ),
    fps: v.optional(
      int(
        'animation.fps',
        ANIMATION_LIMITS.fps.min,
        ANIMATION_LIMITS.fps.max,
        'Frames per second (5–30, default 15). Frames = duration × fps; each is composed on /v1/capture, so fewer frames render faster.',
      ),
      ANIMATION_LIMITS.fps.default,
    ),
    scroll_to: v.optional(
      v.pipe(
        v.union(
          [v.literal('bottom'), v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))],
          'Invalid animation.scroll_to. Must be "bottom" or a number of CSS px (1–100000) to scroll down to',
        ),
        v.description(
          'Where the scroll ends: `bottom` (default) or a number of CSS px from the top, stopping at the bottom of the page.',
        ),
      ),
      'bottom',
    ),
  }),
  v.description(
    'Records the page scrolling smoothly (`type: "scroll"`) as an animated `webp` (default when `output.format` is not set) or `gif`. On /v1/capture every frame is composed into the device frame, background, shadow and 3D camera. The viewport only: not with `full_page`, `selector` or `element`. +2 credits.',
  ),
  v.metadata({ example: { type: 'scroll', duration_ms: 5000, fps: 15 } }),
);

/** The page and how it is loaded (§3 "Source and navigation"): what the capture engine reads. */
const PageEntries = {
  url: v.optional(targetUrl),
  html: v.optional(htmlDocument),
  base_url: v.optional(
    httpUrl(
      'base_url',
      'With `html`: the URL the document is served at, so its relative links (images, styles, scripts) load from there. Without it relative links lead nowhere.',
    ),
  ),
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
      v.description(
        'Requests to block while the page loads: the categories `ads`, `trackers`, `chat_widgets` (filter lists), `cookie_banners` (rejected or hidden) and `media` (audio and video), or URL patterns where `*` matches any run of characters (a pattern without `*` matches URLs containing it). The main document is never blocked; at most 50 entries.',
      ),
      v.metadata({ example: ['ads', 'cookie_banners', '*.hotjar.com/*'] }),
    ),
    [],
  ),
  inject_css: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(65536, 'Invalid inject_css. Must be at most 64 KiB'),
      v.description("CSS added to the page before the capture (≤ 64 KiB); the page's CSP does not apply."),
    ),
  ),
  inject_js: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(65536, 'Invalid inject_js. Must be at most 64 KiB'),
      v.description(
        "JavaScript run in the page after it is ready and before the capture (≤ 64 KiB); the page's CSP does not apply.",
      ),
    ),
  ),
  hide_selectors: v.optional(
    nameList(
      'hide_selectors',
      100,
      'CSS selectors of elements hidden (`display: none`) before the capture; an invalid selector is skipped with a warning. At most 100.',
    ),
  ),
  dark_mode: v.optional(
    bool(
      'dark_mode',
      'Emulates `prefers-color-scheme: dark`, so sites that support it render their dark theme.',
    ),
    false,
  ),
  full_page: v.optional(
    bool(
      'full_page',
      'Captures the whole scroll height instead of the viewport, scrolling lazy content into view first; capped at `full_page_max_height`. +1 credit.',
    ),
    false,
  ),
  full_page_max_height: v.optional(
    int(
      'full_page_max_height',
      200,
      32768,
      'Tallest full-page capture in CSS px (200–32768); taller pages are cut there with a warning.',
    ),
    16384,
  ),
  animation: v.optional(AnimationSchema),
};

/**
 * Whose credentials the page is loaded with (§8). Changes the pixels (so it is in the cache key)
 * but is not a page input: the profile is opened when the capture runs, never stored in a plan.
 */
const SessionEntries = {
  auth_profile_id: v.optional(
    text(
      'auth_profile_id',
      64,
      "An auth profile (`ap_…`) whose cookies, local storage and headers the page loads with. The URL's host must be the profile's domain or a subdomain; renders are cached per profile.",
    ),
  ),
};

/** Viewport and emulation (§3). Device-dependent defaults are applied by `resolveEmulation`. */
const ViewportEntries = {
  viewport: v.optional(
    v.pipe(
      v.object({
        width: int('viewport.width', 200, 3840, 'Viewport width in CSS px (200–3840).'),
        height: int('viewport.height', 200, 10000, 'Viewport height in CSS px (200–10000).'),
      }),
      v.description(
        "The browser window in CSS px. Default: the device's (iphone-16-pro 402×874, macbook-pro-16 1728×1117, ipad-pro-m4 1032×1376, browser-macos and browser-windows 1440×900), else 1440×900.",
      ),
    ),
  ),
  capture_dpr: v.optional(
    num(
      'capture_dpr',
      1,
      3,
      "Device pixel ratio the page is captured at (1–3). Default: the device's (iphone-16-pro 3, browser-windows 1, others 2), else 2.",
    ),
  ),
  user_agent: v.optional(
    text(
      'user_agent',
      512,
      "User-Agent string the page sees. Default: the device's (Safari on iPhone and iPad), else current Chrome on macOS (Windows for browser-windows).",
    ),
  ),
  emulate_mobile: v.optional(
    bool(
      'emulate_mobile',
      "Emulates a mobile browser (meta viewport, mobile layout). Default: the device's (true for iphone-16-pro and ipad-pro-m4).",
    ),
  ),
  emulate_touch: v.optional(
    bool(
      'emulate_touch',
      "Emulates a touch screen. Default: the device's (true for iphone-16-pro and ipad-pro-m4).",
    ),
  ),
  locale: v.optional(locale, 'en-US'),
  timezone: v.optional(timezone, 'UTC'),
  device: v.optional(
    enumOf(
      'device',
      DEVICES,
      'Device to emulate and, on /v1/capture, the frame drawn around the capture. Sets the default viewport, capture_dpr, user agent and mobile/touch emulation. Absent: a 1440×900 @2 desktop page with no frame, the screenshot itself getting the corners and shadow.',
    ),
  ),
};

/** A description in words (`element`, `prompt`): trimmed, not empty, capped. */
const words = (name: string, max: number, example: string, description?: string) =>
  described(
    v.pipe(
      text(name, max),
      v.trim(),
      v.nonEmpty(`Invalid ${name}. Must not be empty: describe it in words, e.g. ${example}`),
    ),
    description,
  );

/** Element capture (§3). */
const ElementEntries = {
  selector: v.optional(
    v.pipe(
      text(
        'selector',
        1000,
        "CSS selector of the element to capture: the first match's box is captured instead of the viewport. Not found: 422 `selector_not_found`. Wins over `element`.",
      ),
      v.metadata({ example: '#pricing' }),
    ),
  ),
  element: v.optional(
    v.pipe(
      words(
        'element',
        500,
        '"the pricing table"',
        'The element to capture, described in words (≤ 500 characters); resolved to a DOM element offline and reported in `element_resolved`. No confident match: 422 `element_not_found`. Ignored when `selector` is set. +1 credit.',
      ),
      v.metadata({ example: 'the pricing table' }),
    ),
  ),
};

/** Output (§3). */
export const OutputSchema = v.pipe(
  v.object({
    format: v.optional(
      v.pipe(
        v.picklist([...FORMATS, 'jpeg'], `Invalid output.format. Must be one of: ${FORMATS.join(', ')}`),
        // Before the transform: the OpenAPI document describes the input, and stops at a transform.
        v.description(
          'Image format: `png` (default, lossless), `webp`, `jpg` (`jpeg` is accepted; no transparency), `avif` or `gif`. With `animation`: `webp` (default) or `gif`, animated.',
        ),
        v.transform((f): Format => (f === 'jpeg' ? 'jpg' : f)),
      ),
      'png',
    ),
    width: v.optional(
      int(
        'output.width',
        16,
        MAX_OUTPUT_SIDE,
        `Canvas width in CSS px (16–${MAX_OUTPUT_SIDE}); the image is this × \`output.dpr\` pixels, its longer side capped at ${MAX_OUTPUT_SIDE}. Alone, the height follows \`aspect_ratio\`. On /v1/raw: the screenshot resized to this width.`,
      ),
    ),
    height: v.optional(
      int(
        'output.height',
        16,
        MAX_OUTPUT_SIDE,
        `Canvas height in CSS px (16–${MAX_OUTPUT_SIDE}); the image is this × \`output.dpr\` pixels, its longer side capped at ${MAX_OUTPUT_SIDE}. Alone, the width follows \`aspect_ratio\`. On /v1/raw: the screenshot resized to this height (to fit inside width × height when both are set).`,
      ),
    ),
    dpr: v.optional(
      v.pipe(
        v.picklist([1, 2, 3], 'Invalid output.dpr. Must be one of: 1, 2, 3'),
        v.description(
          'Pixels per CSS px of the composed canvas: 1 (default), 2 or 3. Not used by /v1/raw, whose pixels follow `capture_dpr`.',
        ),
      ),
      1,
    ),
    quality: v.optional(
      int(
        'output.quality',
        1,
        100,
        'Encoder quality for `webp`, `jpg` and `avif` (1–100, default 90); `png` ignores it.',
      ),
      90,
    ),
  }),
  v.description(
    'How the render is encoded and sized. Without `width` and `height` the canvas size follows `aspect_ratio` (about 3.8 megapixels at dpr 1).',
  ),
);

/** `/v1/raw`'s output: the image formats, and `pdf` (§14). */
const RawOutputSchema = v.pipe(
  v.object({
    ...OutputSchema.entries,
    format: v.optional(
      v.pipe(
        v.picklist(
          [...FORMATS, 'jpeg', 'pdf'],
          `Invalid output.format. Must be one of: ${[...FORMATS, 'pdf'].join(', ')}`,
        ),
        v.description(
          'Image format: `png` (default, lossless), `webp`, `jpg` (`jpeg` is accepted), `avif` or `gif` (with `animation`: `webp` (default) or `gif`, animated); or `pdf`, the page printed by Chromium with the `pdf` options.',
        ),
        v.transform((f): RenderFormat => (f === 'jpeg' ? 'jpg' : f)),
      ),
      'png',
    ),
  }),
  v.description('How the screenshot is encoded and sized (or printed, with `format: "pdf"`).'),
);

const cssLength = (name: string, description?: string) =>
  described(
    v.pipe(
      text(name, 32),
      v.regex(
        /^(0|\d+(\.\d+)?(px|in|cm|mm))$/,
        `Invalid ${name}. Must be a CSS length in px, in, cm or mm, such as 12mm or 0.5in`,
      ),
    ),
    description,
  );

/** §14: how `output.format: "pdf"` prints the page. */
const PdfSchema = v.pipe(
  v.object({
    paper: v.optional(
      enumOf('pdf.paper', PDF_PAPERS, 'Paper size: `A4` (default), `Letter`, `Legal` or `A3`.'),
      'A4',
    ),
    landscape: v.optional(bool('pdf.landscape', 'Landscape orientation. Default false.'), false),
    print_background: v.optional(
      bool('pdf.print_background', 'Print background colours and images. Default true.'),
      true,
    ),
    margin: v.optional(
      v.pipe(
        v.union(
          [
            cssLength('pdf.margin'),
            v.object({
              top: v.optional(cssLength('pdf.margin.top', 'The top margin (px, in, cm, mm).')),
              right: v.optional(cssLength('pdf.margin.right', 'The right margin (px, in, cm, mm).')),
              bottom: v.optional(cssLength('pdf.margin.bottom', 'The bottom margin (px, in, cm, mm).')),
              left: v.optional(cssLength('pdf.margin.left', 'The left margin (px, in, cm, mm).')),
            }),
          ],
          'Invalid pdf.margin. Must be a CSS length such as 12mm, or { top, right, bottom, left } of them',
        ),
        v.description(
          'Page margins: one CSS length (px, in, cm, mm) for all four sides, or `{ top, right, bottom, left }`. Default none.',
        ),
      ),
    ),
    scale: v.optional(num('pdf.scale', 0.1, 2, 'Scale of the page in print, 0.1–2. Default 1.'), 1),
    page_ranges: v.optional(
      v.pipe(
        text('pdf.page_ranges', 200),
        v.regex(
          /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/,
          'Invalid pdf.page_ranges. Must look like 1-3, 5',
        ),
        v.description('Pages to keep, e.g. `1-3, 5`. Default all.'),
      ),
    ),
  }),
  v.description('With `output.format: "pdf"` (/v1/raw only): how Chromium prints the page.'),
);

/** Delivery (§3): how a render is scheduled, delivered or billed, never its pixels. */
const DeliveryEntries = {
  project_id: v.optional(
    text(
      'project_id',
      64,
      "A project (`prj_…`) of the account whose `defaults` and `brand` apply under the request's own parameters; its secret signs the webhooks. Unknown id: 400.",
    ),
  ),
  timeout_ms: v.optional(
    int(
      'timeout_ms',
      1000,
      90000,
      'Budget in ms for navigation and render (1000–90000). Default and maximum: 30000 for synchronous captures, 90000 with `async`.',
    ),
  ),
  async: v.optional(
    bool(
      'async',
      'Queues the capture as a job: the answer is 202 `{ job_id, status }` to poll at /v1/jobs/{id} (and `webhook_url` is called when it ends).',
    ),
    false,
  ),
  /**
   * A synchronous capture that would outlast the request (API Gateway ends it at 29 s) becomes a
   * job and answers 202 instead of failing. `false`: answer the timeout error instead.
   */
  async_fallback: v.optional(
    bool(
      'async_fallback',
      'A synchronous capture that would outlast the request continues as a job and answers 202 (default true); `false` answers the timeout error instead, with nothing charged.',
    ),
    true,
  ),
  upload_url: v.optional(
    httpUrl(
      'upload_url',
      "A presigned PUT URL (your own bucket: S3, R2, GCS…) the render is also uploaded to once it is stored, with its Content-Type. The same address rules as `url` apply. The outcome is in the answer's `upload`; a failed upload never fails the render or its charge.",
    ),
  ),
  webhook_url: v.optional(
    httpUrl(
      'webhook_url',
      'http(s) URL POSTed `{ job_id, status, result | error }` when the job ends, signed per Standard Webhooks and retried up to 5 times. Private addresses are refused.',
    ),
  ),
  cache_ttl: v.optional(
    int(
      'cache_ttl',
      0,
      2592000,
      'Seconds a render with the same pixel-changing parameters is reused, free, with `cached: true` (0–2592000, default 86400); 0 neither reuses nor stores.',
    ),
    86400,
  ),
  fresh: v.optional(
    bool('fresh', 'Skips the cache for this capture but stores the new render for later ones.'),
    false,
  ),
  show_resolved_params: v.optional(
    bool(
      'show_resolved_params',
      'Adds `resolved_params` to the answer: the parameters as the capture ran them (defaults, device emulation and timeout resolved).',
    ),
    false,
  ),
  response_type: v.optional(
    enumOf(
      'response_type',
      ['json', 'image', 'binary'] as const,
      '`json` (default) answers with the capture response; `binary` (POST and GET) answers 201 with the image bytes in the body and the response fields as `X-Frameshot-*` headers; `image` (GET only) answers 302 to the render link and is the default for a signed URL. A job (`async`) always answers JSON.',
    ),
  ),
};

/**
 * Query pairs of `GET /v1/capture` that carry credentials or a signature (§6), not parameters:
 * never validated as parameters, never part of a cache key.
 */
const TransportEntries = {
  api_key: v.optional(
    v.pipe(v.string(), v.description('The API key, when no Authorization header is sent.')),
  ),
  expires: v.optional(
    v.pipe(v.string(), v.description('Signed URL: unix seconds after which the URL is refused.')),
  ),
  signature: v.optional(
    v.pipe(
      v.string(),
      v.description(
        "Signed URL: lowercase hex HMAC-SHA256 of the canonical request with the project's signing secret.",
      ),
    ),
  ),
};

/** Where `title_*` and `subtitle_*` differ: their defaults, as the descriptions state them. */
const TEXT_DEFAULTS = {
  title: { font: '`sans`', size: "5.6 % of the canvas's shorter side", weight: 700, position: '`top`' },
  subtitle: {
    font: '`title_font`, else `sans`',
    size: '42 % of the title',
    weight: 400,
    position: "the title's",
  },
} as const;

/** `title_*` / `subtitle_*` styling fields. */
const textStyle = <P extends 'title' | 'subtitle'>(p: P) => {
  const d = TEXT_DEFAULTS[p];
  return prefixed(p, {
    font: v.optional(
      enumOf(`${p}_font`, FONTS, `Typeface of the ${p}: \`sans\`, \`serif\` or \`mono\`. Default ${d.font}.`),
    ),
    size: v.optional(
      num(
        `${p}_size`,
        6,
        400,
        `Font size of the ${p} in canvas CSS px (6–400). Default: ${d.size}; text that does not fit is shrunk.`,
      ),
    ),
    color: v.optional(
      color(
        `${p}_color`,
        `CSS colour of the ${p}. Default: one that contrasts with the background (white on dark backgrounds).`,
      ),
    ),
    weight: v.optional(
      int(`${p}_weight`, 100, 900, `Font weight of the ${p} (100–900). Default ${d.weight}.`),
    ),
    align: v.optional(
      enumOf(
        `${p}_align`,
        TEXT_ALIGNS,
        `Alignment of the ${p}: \`left\`, \`center\` or \`right\`. Default \`center\`, or \`left\` beside the device.`,
      ),
    ),
    position: v.optional(
      enumOf(
        `${p}_position`,
        DIRECTIONS,
        `Side of the device the ${p} goes on: \`top\`, \`bottom\`, \`left\` or \`right\`. Default ${d.position}.`,
      ),
    ),
  });
};

function prefixed<P extends string, T extends Record<string, unknown>>(prefix: P, entries: T) {
  return Object.fromEntries(Object.entries(entries).map(([k, s]) => [`${prefix}_${k}`, s])) as {
    [K in keyof T & string as `${P}_${K}`]: T[K];
  };
}

/** Everything that styles the render (§3: frame, background, spacing, camera, layout, text, AI). */
const StyleEntries = {
  device_color: v.optional(
    v.pipe(
      text(
        'device_color',
        40,
        "Finish of the device frame; needs `device`. iphone-16-pro: `black-titanium`, `white-titanium`, `natural-titanium`, `desert-titanium`; macbook-pro-16 and ipad-pro-m4: `space-black`, `silver`; browsers: `light`, `dark`. Default: the device's first.",
      ),
      v.metadata({ example: 'natural-titanium' }),
    ),
  ),
  device_scale: v.optional(
    num(
      'device_scale',
      0.2,
      2,
      'Size of the device in the space left by padding and text (0.2–2, default 1 = fitted); multiplies with `frame_scale` and `zoom`.',
    ),
    1,
  ),

  background_style: v.optional(
    enumOf(
      'background_style',
      BACKGROUND_STYLES,
      'Canvas background: `gradient` (default; see `background_preset`), `solid` (`background_color`), or `none` / `transparent` (no background: transparent pixels, white in jpg; `transparent` refuses jpg). `background_image_url` and `background` win over it.',
    ),
    'gradient',
  ),
  background_preset: v.optional(
    enumOf(
      'background_preset',
      BACKGROUND_PRESETS,
      'Designed gradient for `background_style: gradient`: `aurora` (default), `sunset`, `ocean`, `midnight`, `arctic` (the only light one), `dusk`, `forest`, `ember`, or `custom` to use `background_gradient`. `bg` is an alias.',
    ),
    'aurora',
  ),
  background_color: v.optional(
    v.pipe(
      color('background_color', 'CSS colour of a `background_style: solid` canvas. Default white.'),
      v.metadata({ example: '#0f172a' }),
    ),
  ),
  background_gradient: v.optional(
    v.pipe(
      text(
        'background_gradient',
        2000,
        'CSS `linear-gradient(...)` or `radial-gradient(...)` (comma-separated layers allowed) for `background_preset: custom`; required with it.',
      ),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const problem = gradientProblem(dataset.value);
        if (problem) addIssue({ message: `Invalid background_gradient: ${problem}` });
      }),
      v.metadata({ example: 'linear-gradient(135deg, #667eea 0%, #764ba2 100%)' }),
    ),
  ),
  background: v.optional(
    v.pipe(
      text(
        'background',
        200,
        'A background from the catalogue (GET /v1/backgrounds) as `pack/slug`, drawn at the canvas size. Wins over `background_style`; `background_image_url` wins over it.',
      ),
      v.regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'Invalid background. Must be a catalogue reference "pack/slug"'),
      v.metadata({ example: 'glass/prism' }),
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
      v.description(
        'One to four CSS colours a catalogue `background` is re-coloured with, e.g. brand colours; a single colour may be given as a string.',
      ),
      v.metadata({ example: ['#ff5a1f', '#1f6fff'] }),
    ),
  ),
  background_image_url: v.optional(
    httpUrl(
      'background_image_url',
      'Public http(s) image drawn as the background, cover-fitted to the canvas (at most 40 megapixels). Wins over `background` and `background_style`; an image that cannot be fetched falls back to them with a warning.',
    ),
  ),

  padding: v.optional(
    num(
      'padding',
      0,
      1000,
      "Space between the canvas edge and the device or text, in canvas CSS px (0–1000). Default 8 % of the canvas's shorter side; reduced with a warning to leave room for the device.",
    ),
  ),
  corner_radius: v.optional(
    num(
      'corner_radius',
      0,
      1000,
      "Corner radius in canvas CSS px (0–1000): of the device frame's outer corners, or of the screenshot itself without a device. Default: the device's; 1.25 % of the screenshot's shorter side without one.",
    ),
  ),
  shadow: v.optional(
    enumOf(
      'shadow',
      SHADOWS,
      'Shadow preset under the device (or the bare screenshot): `soft` (default, diffuse and below), `hard` (crisp, offset down-right), `glow` (coloured halo matching the background), `float` (lifted, far below) or `none`. The `shadow_*` fields adjust its main layer.',
    ),
    'soft',
  ),
  shadow_color: v.optional(
    color(
      'shadow_color',
      "Colour of the shadow, overriding the preset's; an alpha in the colour scales its opacity.",
    ),
  ),
  shadow_blur: v.optional(
    num(
      'shadow_blur',
      0,
      500,
      "Blur radius of the shadow in canvas CSS px (0–500), as in CSS box-shadow; overrides the preset's.",
    ),
  ),
  shadow_offset_x: v.optional(
    num(
      'shadow_offset_x',
      -1000,
      1000,
      "Horizontal shadow offset in canvas CSS px (−1000–1000, positive to the right); overrides the preset's.",
    ),
  ),
  shadow_offset_y: v.optional(
    num(
      'shadow_offset_y',
      -1000,
      1000,
      "Vertical shadow offset in canvas CSS px (−1000–1000, positive downwards); overrides the preset's.",
    ),
  ),
  shadow_spread: v.optional(
    num(
      'shadow_spread',
      -500,
      500,
      "Grows (positive) or shrinks (negative) the shadow's shape, in canvas CSS px (−500–500); overrides the preset's.",
    ),
  ),
  shadow_opacity: v.optional(
    num('shadow_opacity', 0, 1, "Opacity of the shadow (0–1); overrides the preset's."),
  ),

  perspective: v.optional(
    enumOf(
      'perspective',
      PERSPECTIVES,
      'A 3D angle preset (a true perspective projection, not a skew): `tilt-left`/`tilt-right` turn the device about 22° to face left/right, `tilt-up`/`tilt-down` lean it back/forward 20°, `-strong` variants turn it 38°, `iso-left`/`iso-right` are isometric-style three-quarter views, `none` is flat. Wins over `camera_preset` angles; explicit `tilt_x`, `tilt_y`, `roll` win over it.',
    ),
  ),
  perspective_intensity: v.optional(
    num(
      'perspective_intensity',
      0,
      2,
      'Scales the angles of `perspective` (or of `camera_preset`): 0 flat, 1 as designed (default), 2 doubled.',
    ),
    1,
  ),
  camera_preset: v.optional(
    enumOf(
      'camera_preset',
      CAMERA_PRESETS,
      'A named composition setting angles, zoom, offset and layout: `hero` (slight turn to the left), `dashboard` (leaned back, zoomed, cropped at the bottom), `flat` (straight on), `cinematic` (turned right, slight roll), `detail` (zoomed 1.8× and shifted, a part up close). `perspective` and explicit camera fields win over its parts.',
    ),
  ),
  tilt_x: v.optional(
    num(
      'tilt_x',
      -60,
      60,
      'Rotation about the horizontal axis in degrees (−60–60): positive leans the device back (its top recedes). Overrides presets.',
    ),
  ),
  tilt_y: v.optional(
    num(
      'tilt_y',
      -60,
      60,
      'Rotation about the vertical axis in degrees (−60–60): negative turns the device to face left (its left edge recedes), positive to face right. Overrides presets.',
    ),
  ),
  roll: v.optional(
    num(
      'roll',
      -60,
      60,
      'Rotation in the device plane in degrees (−60–60), positive clockwise. Overrides presets.',
    ),
  ),
  zoom: v.optional(
    num(
      'zoom',
      0.5,
      3,
      'Camera zoom (0.5–3, 1 = fitted); above 1 the device may run off the canvas. Overrides `camera_preset`.',
    ),
  ),
  offset_x: v.optional(
    num(
      'offset_x',
      -1,
      1,
      'Horizontal shift of the device as a fraction of the canvas width (−1–1, positive to the right). Overrides `camera_preset`.',
    ),
  ),
  offset_y: v.optional(
    num(
      'offset_y',
      -1,
      1,
      'Vertical shift of the device as a fraction of the canvas height (−1–1, positive downwards). Overrides `camera_preset`.',
    ),
  ),
  frame_scale: v.optional(
    num(
      'frame_scale',
      0.2,
      2,
      'Scale of the framed device (0.2–2, 1 = fitted); multiplies with `device_scale` and `zoom`. Overrides `camera_preset`.',
    ),
  ),

  layout: v.optional(
    enumOf(
      'layout',
      LAYOUTS,
      '`default` fits the whole device on the canvas; `bottom-cropped` / `top-cropped` let it bleed off the bottom / top edge, overriding the layout of `camera_preset`.',
    ),
    'default',
  ),
  aspect_ratio: v.optional(
    enumOf(
      'aspect_ratio',
      ASPECT_RATIOS,
      "Canvas ratio when `output.width` and `output.height` are not both set: `auto` (default) picks the standard ratio closest to the framed device, or keeps a full-page capture's own ratio.",
    ),
    'auto',
  ),
  depth_blur: v.optional(
    num('depth_blur', 0, 50, 'Depth-of-field blur strength (0–50, default 0 = off); 50 is a strong bokeh.'),
    0,
  ),
  depth_blur_type: v.optional(
    enumOf(
      'depth_blur_type',
      DEPTH_BLUR_TYPES,
      "Shape of the focus: `dir` (default) blurs towards one edge (`depth_blur_direction`), `radial` keeps a disc in focus, `tilt` a tilt-shift band, `lens` follows the 3D camera (the background and the device's far side blur).",
    ),
    'dir',
  ),
  depth_blur_direction: v.optional(
    enumOf(
      'depth_blur_direction',
      DIRECTIONS,
      'For `depth_blur_type: dir`: the edge the blur grows towards (default `top`). `depth_blur_angle` overrides it.',
    ),
    'top',
  ),
  depth_blur_angle: v.optional(
    num(
      'depth_blur_angle',
      -180,
      180,
      "Direction of the blur in degrees (−180–180, 0 = up, clockwise) for `dir`, or the band's rotation (0 = horizontal) for `tilt`.",
    ),
  ),
  depth_blur_position: v.optional(
    num(
      'depth_blur_position',
      0,
      1,
      'Where the focus sits (0–1): for `dir` where the blur starts along its direction (default 0.45), for `tilt` the band centre across the canvas (0.5), for `radial` the disc centre as a fraction of the height (0.5), for `lens` the focal depth from nearest to farthest (0.5).',
    ),
  ),
  depth_blur_band: v.optional(
    num(
      'depth_blur_band',
      0,
      1,
      "Size of the sharp region (0–1): the `tilt` band's width (default 0.36), the `radial` disc's diameter as a fraction of the diagonal (0.45), the `lens` focal depth (0.25).",
    ),
  ),
  depth_blur_width: v.optional(
    num(
      'depth_blur_width',
      0,
      1,
      'How gradually sharp turns to blurred, as a fraction of the canvas (0–1; default 0.4 for `dir` and `radial`, 0.3 for `tilt`, 0.5 of the depth range for `lens`).',
    ),
  ),

  title: v.optional(
    text('title', 120, 'Headline drawn on the canvas (≤ 120 characters), placed by `title_position`.'),
  ),
  subtitle: v.optional(
    text(
      'subtitle',
      120,
      'Secondary line drawn on the canvas (≤ 120 characters), placed by `subtitle_position`.',
    ),
  ),
  badge: v.optional(
    text(
      'badge',
      120,
      'Short label in a pill drawn above the title (or the subtitle) (≤ 120 characters), e.g. "New".',
    ),
  ),
  ...textStyle('title'),
  ...textStyle('subtitle'),
  badge_color: v.optional(
    color(
      'badge_color',
      "CSS colour of the badge's pill; its text turns dark or light to contrast. Default: dark on light backgrounds, translucent white on dark ones.",
    ),
  ),

  ai_style: v.optional(
    bool(
      'ai_style',
      'Picks background, shadow, padding and corner radius from the page (type, tone, colours); explained in `ai_decisions.style`. Parameters you set win. +2 credits.',
    ),
    false,
  ),
  ai_copy: v.optional(
    bool(
      'ai_copy',
      "Writes `title` (≤ 60 characters), `subtitle` and possibly `badge` from the page's title, headings and meta tags; explained in `ai_decisions.copy`. Text you set wins. +1 credit.",
    ),
    false,
  ),
  ai_brand: v.optional(
    bool(
      'ai_brand',
      "Applies the site's brand colours and font (from theme-color, CSS variables, logo, computed fonts), cached per domain for 7 days; explained in `ai_decisions.brand`. +2 credits, 0 when cached.",
    ),
    false,
  ),
  prompt: v.optional(
    v.pipe(
      words(
        'prompt',
        500,
        '"dark hero shot on an iphone, tilted left"',
        'Styling in words (≤ 500 characters), turned into parameters (device, background, angle, mood, …); explicit parameters win; what was understood is in `ai_decisions.prompt`. +1 credit.',
      ),
      v.metadata({ example: 'dark hero shot on an iphone, tilted left, sunset' }),
    ),
  ),
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

/** Exactly one of `url` and `html` (§14); `base_url` only with `html`. */
const oneSource = <T extends { url?: string; html?: string; base_url?: string }>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const p = dataset.value;
    if (p.url !== undefined && p.html !== undefined) {
      addIssue({
        message: 'Invalid html. Send either url or html, not both (use base_url to give html an address)',
        path: [pathItem(p, 'html')],
      });
    } else if (p.url === undefined && p.html === undefined) {
      addIssue({
        message:
          'Missing url. Provide the page to capture, e.g. "url": "https://example.com", or a whole document in "html"',
        path: [{ type: 'object', origin: 'value', input: p, key: 'url', value: undefined }],
      });
    } else if (p.base_url !== undefined && p.html === undefined) {
      addIssue({
        message: 'Invalid base_url. It only applies with html: drop it, or send the document in html',
        path: [pathItem(p, 'base_url')],
      });
    }
  });

/** §14 `animation`: an animated format, and the viewport only. */
const animationRules = <
  T extends {
    animation?: unknown;
    output: { format: string };
    full_page: boolean;
    selector?: string;
    element?: string;
  },
>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed || !dataset.value.animation) return;
    const p = dataset.value;
    if (!(ANIMATED_FORMATS as readonly string[]).includes(p.output.format)) {
      addIssue({
        message: `Invalid output.format. An animation is encoded as ${ANIMATED_FORMATS.join(' or ')}: set output.format to "webp" (the default with animation) or "gif"`,
        path: [pathItem(p, 'output')],
      });
    }
    for (const key of ['full_page', 'selector', 'element'] as const) {
      if (!p[key]) continue;
      addIssue({
        message: `Invalid ${key}. An animation records the viewport while the page scrolls: drop ${key}, or drop animation`,
        path: [pathItem(p, key)],
      });
    }
  });

/** The page's address: `url`, or where an `html` document is served. */
const sourceUrl = <T extends { url?: string; base_url?: string }>() =>
  v.transform<T, T & { url: string }>((p) => ({ ...p, url: p.url ?? p.base_url ?? HTML_DOCUMENT_URL }));

/** `POST /v1/raw`: page, session, viewport, element, output and delivery parameters. */
const RawEntries = {
  ...PageEntries,
  ...SessionEntries,
  ...ViewportEntries,
  ...ElementEntries,
  output: v.optional(RawOutputSchema, {}),
  pdf: v.optional(PdfSchema),
  ...DeliveryEntries,
};
const RawObject = v.object(RawEntries);
export const RawParams = v.pipe(
  RawObject,
  capturedPixels<v.InferOutput<typeof RawObject>>(),
  v.description(
    'A raw capture: the page as the browser shows it, without frame or styling. Only `url` (or `html`) is required. 1 credit (+1 for `full_page` or `element`).',
  ),
  oneSource<v.InferOutput<typeof RawObject>>(),
  animationRules<v.InferOutput<typeof RawObject>>(),
  v.rawCheck<v.InferOutput<typeof RawObject>>(({ dataset, addIssue }) => {
    if (dataset.typed && dataset.value.pdf && dataset.value.output.format !== 'pdf') {
      addIssue({
        message: 'Invalid pdf. The pdf options apply with output.format "pdf": add it, or drop pdf',
        path: [pathItem(dataset.value, 'pdf')],
      });
    }
  }),
  sourceUrl<v.InferOutput<typeof RawObject>>(),
);

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
  v.description(
    'A styled capture: the page loaded in headless Chromium, captured (viewport, full page or one element) and composed with device frame, background, shadow, 3D camera and text. Only `url` (or `html`) is required; unknown fields are ignored with a warning. 3 credits plus options; a cached render is free.',
  ),
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
  oneSource<v.InferOutput<typeof CaptureObject>>(),
  animationRules<v.InferOutput<typeof CaptureObject>>(),
  sourceUrl<v.InferOutput<typeof CaptureObject>>(),
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
