/**
 * @module compose/devices/spec
 * What a device frame is: SVG drawn around (and over) a screen rectangle, in the device's own
 * units (points for Apple hardware, CSS pixels for browser windows), plus the SVG helpers the
 * device files share.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Corner radii: top-left, top-right, bottom-right, bottom-left. */
export type Radii = [number, number, number, number];

/** Text inside a frame (URL bar host, tab title), drawn with the shipped fonts. */
export interface FrameText {
  text: string;
  /** Left edge (`align: left`) or centre (`align: center`) of the text. */
  x: number;
  /** Vertical centre of the line. */
  y: number;
  maxWidth: number;
  size: number;
  color: string;
  weight: number;
  align: 'left' | 'center';
}

/**
 * A small drawing that goes with the page, not the frame (the lock before a browser's host, placed
 * by the host's length): SVG in its own box of `width`×`height` frame units, at (`x`, `y`).
 */
export interface FrameMark {
  svg: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameSpec {
  width: number;
  height: number;
  screen: Rect & { radii: Radii };
  /** Drawn around the screen; the screen area is cut out of it. */
  body: string;
  /** Drawn over the screenshot (Dynamic Island, camera notch, window border). */
  overlay?: string;
  /**
   * What shows the page — its host and title, and `marks` — drawn over the rest once it is drawn
   * (compose/frame): a new page redraws these, not the window. They lie on the opaque chrome.
   */
  texts?: FrameText[];
  marks?: FrameMark[];
}

export interface FrameOptions {
  color: string;
  landscape: boolean;
  /** CSS size of the capture (browser windows take the page's size). */
  content: { width: number; height: number };
  host: string;
  title: string;
  /** Outer corner radius in frame units, from `corner_radius`. */
  cornerRadius?: number;
}

export interface DeviceDefinition {
  colors: readonly string[];
  defaultColor: string;
  /** Default viewport (CSS px) and capture DPR, contract §3. */
  viewport: { width: number; height: number; dpr: number };
  /** Whether the frame turns to landscape for a landscape capture. */
  rotates: boolean;
  /**
   * Whether the frame shows the page's host and title (a browser window's URL bar and tab). A
   * frame that does not is the same for every page, and drawn once (its layers are cached).
   */
  showsPage: boolean;
  frame(o: FrameOptions): FrameSpec;
}

const n = (v: number) => Math.round(v * 1000) / 1000;

/** A rounded rectangle path with per-corner radii. */
export function rrect(x: number, y: number, w: number, h: number, radii: number | Radii): string {
  const [tl, tr, br, bl] = (typeof radii === 'number' ? [radii, radii, radii, radii] : radii).map((r) =>
    Math.max(0, Math.min(r, w / 2, h / 2)),
  ) as Radii;
  return [
    `M${n(x + tl)} ${n(y)}`,
    `H${n(x + w - tr)}`,
    tr ? `A${n(tr)} ${n(tr)} 0 0 1 ${n(x + w)} ${n(y + tr)}` : '',
    `V${n(y + h - br)}`,
    br ? `A${n(br)} ${n(br)} 0 0 1 ${n(x + w - br)} ${n(y + h)}` : '',
    `H${n(x + bl)}`,
    bl ? `A${n(bl)} ${n(bl)} 0 0 1 ${n(x)} ${n(y + h - bl)}` : '',
    `V${n(y + tl)}`,
    tl ? `A${n(tl)} ${n(tl)} 0 0 1 ${n(x + tl)} ${n(y)}` : '',
    'Z',
  ].join('');
}

/** Shrinks a rounded rectangle by `d` on every side, keeping the corners concentric. */
export function inset(r: Rect, radii: Radii, d: number): [Rect, Radii] {
  return [
    { x: r.x + d, y: r.y + d, width: r.width - 2 * d, height: r.height - 2 * d },
    radii.map((v) => Math.max(0, v - d)) as Radii,
  ];
}

export const path = (d: string, attrs: string) => `<path d="${d}" ${attrs}/>`;

/** A linear gradient definition; `stops` as [offset 0–1, colour, opacity?]. */
export function linear(id: string, [x1, y1, x2, y2]: number[], stops: [number, string, number?][]): string {
  const s = stops
    .map(
      ([o, c, a]) =>
        `<stop offset="${o}" stop-color="${c}"${a === undefined ? '' : ` stop-opacity="${a}"`}/>`,
    )
    .join('');
  return `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${s}</linearGradient>`;
}

/** Turns a portrait frame a quarter turn counter-clockwise (its top ends up on the left). */
export function toLandscape(spec: FrameSpec): FrameSpec {
  const W = spec.width;
  const wrap = (svg?: string) => svg && `<g transform="translate(0 ${W}) rotate(-90)">${svg}</g>`;
  const s = spec.screen;
  const [tl, tr, br, bl] = s.radii;
  return {
    width: spec.height,
    height: W,
    screen: { x: s.y, y: W - (s.x + s.width), width: s.height, height: s.width, radii: [tr, br, bl, tl] },
    body: wrap(spec.body)!,
    overlay: wrap(spec.overlay),
    texts: spec.texts,
  };
}

/** XML-escapes text for SVG. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
