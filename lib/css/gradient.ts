/**
 * @module css/gradient
 * CSS `linear-gradient(...)` / `radial-gradient(...)` (and their `repeating-` forms) parsing for
 * `background_gradient` and the background presets. Several comma-separated gradients stack like
 * CSS background layers (the first is on top). Parsing only: compose/gradient-render draws the layers.
 */
import { parseColor, type RGBA } from './color.ts';

/** A length along the gradient line: a fraction of it (`%`) or CSS pixels of the canvas. */
export interface Length {
  value: number;
  unit: '%' | 'px';
}

export interface ColorStop {
  color: RGBA;
  pos?: Length;
}

/** A transition hint (`red, 30%, blue`): where the midpoint between two stops sits. */
export interface Hint {
  hint: Length;
}

export type StopOrHint = ColorStop | Hint;

export type Side = 'top' | 'right' | 'bottom' | 'left';

export interface LinearGradient {
  kind: 'linear';
  repeating: boolean;
  /** CSS angle in degrees (0 = to top, 90 = to right), or a corner resolved against the box. */
  direction: { angle: number } | { corner: [Side, Side] };
  stops: StopOrHint[];
}

export type RadialExtent = 'closest-side' | 'farthest-side' | 'closest-corner' | 'farthest-corner';

export interface RadialGradient {
  kind: 'radial';
  repeating: boolean;
  shape: 'circle' | 'ellipse';
  size: RadialExtent | [Length] | [Length, Length];
  at: [Length, Length];
  stops: StopOrHint[];
}

export type GradientLayer = LinearGradient | RadialGradient;

class GradientError extends Error {}

const fail = (message: string): never => {
  throw new GradientError(message);
};

/** Splits on commas (or whitespace) that are not inside parentheses. */
function splitTopLevel(s: string, sep: ',' | ' '): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) fail('unbalanced ")"');
    const isSep = sep === ',' ? ch === ',' : /\s/.test(ch);
    if (isSep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) fail('unclosed "("');
  out.push(cur);
  return sep === ' ' ? out.filter((t) => t !== '') : out.map((t) => t.trim());
}

const ANGLE_UNITS: Record<string, number> = { deg: 1, rad: 180 / Math.PI, grad: 0.9, turn: 360 };

function parseAngle(tok: string): number | null {
  const m = /^(-?\d*\.?\d+)(deg|rad|grad|turn)?$/.exec(tok);
  if (!m) return null;
  if (!m[2] && Number(m[1]) !== 0) return null;
  return Number(m[1]) * ANGLE_UNITS[m[2] ?? 'deg']!;
}

function parseLength(tok: string): Length | null {
  const m = /^(-?\d*\.?\d+)(%|px)?$/.exec(tok);
  if (!m) return null;
  if (!m[2] && Number(m[1]) !== 0) return null;
  return { value: Number(m[1]), unit: (m[2] as '%' | 'px' | undefined) ?? 'px' };
}

const SIDES: readonly string[] = ['top', 'right', 'bottom', 'left'];
const SIDE_ANGLE: Record<Side, number> = { top: 0, right: 90, bottom: 180, left: 270 };

function parseLinearDirection(arg: string): LinearGradient['direction'] | null {
  const angle = parseAngle(arg);
  if (angle !== null) return { angle };
  const toks = arg.split(/\s+/);
  if (toks[0] !== 'to') return null;
  const sides = toks.slice(1);
  if (sides.length < 1 || sides.length > 2 || !sides.every((t) => SIDES.includes(t))) {
    return fail(`unknown direction "${arg}": use an angle such as 135deg or "to right", "to top left"`);
  }
  const [a, b] = sides as Side[];
  if (!b) return { angle: SIDE_ANGLE[a!] };
  const vertical = (s: Side) => s === 'top' || s === 'bottom';
  if (vertical(a!) === vertical(b)) fail(`impossible direction "${arg}"`);
  return { corner: vertical(a!) ? [b, a!] : [a!, b] };
}

const EXTENTS: readonly string[] = ['closest-side', 'farthest-side', 'closest-corner', 'farthest-corner'];
const POSITION_KEYWORDS: Record<string, Length> = {
  left: { value: 0, unit: '%' },
  top: { value: 0, unit: '%' },
  center: { value: 50, unit: '%' },
  right: { value: 100, unit: '%' },
  bottom: { value: 100, unit: '%' },
};

function parsePosition(toks: string[], arg: string): [Length, Length] {
  if (toks.length < 1 || toks.length > 2) fail(`bad position in "${arg}"`);
  const lens = toks.map(
    (t) =>
      POSITION_KEYWORDS[t] ??
      parseLength(t) ??
      fail(`bad position "${t}" (use left, center, right, top, bottom, a % or px)`),
  );
  if (toks.length === 1) {
    const t = toks[0]!;
    return t === 'top' || t === 'bottom'
      ? [POSITION_KEYWORDS['center']!, lens[0]!]
      : [lens[0]!, POSITION_KEYWORDS['center']!];
  }
  // `top left` is allowed in either order for keywords.
  if (toks[0] === 'top' || toks[0] === 'bottom' || toks[1] === 'left' || toks[1] === 'right') {
    return [lens[1]!, lens[0]!];
  }
  return [lens[0]!, lens[1]!];
}

/** The optional first argument of radial-gradient: `[shape || size] [at position]`. */
function parseRadialHead(arg: string): Omit<RadialGradient, 'kind' | 'repeating' | 'stops'> | null {
  const toks = arg.split(/\s+/);
  const atIndex = toks.indexOf('at');
  const head = atIndex === -1 ? toks : toks.slice(0, atIndex);
  const known = (t: string) => t === 'circle' || t === 'ellipse' || EXTENTS.includes(t) || parseLength(t);
  if (atIndex === -1 && !head.every(known)) return null;
  let shape: 'circle' | 'ellipse' | undefined;
  let extent: RadialExtent | undefined;
  const lengths: Length[] = [];
  for (const t of head) {
    if (t === 'circle' || t === 'ellipse') shape = t;
    else if (EXTENTS.includes(t)) extent = t as RadialExtent;
    else {
      const len = parseLength(t) ?? fail(`unknown radial-gradient size or shape "${t}"`);
      if (len.value < 0) fail(`negative radial-gradient size "${t}"`);
      lengths.push(len);
    }
  }
  if (lengths.length > 2) fail(`too many sizes in "${arg}"`);
  if (extent && lengths.length) fail(`a keyword size and a length mixed in "${arg}"`);
  const resolvedShape = shape ?? (lengths.length === 1 ? 'circle' : 'ellipse');
  if (resolvedShape === 'circle' && lengths.length === 2) fail('a circle takes one radius, not two');
  if (resolvedShape === 'circle' && lengths[0]?.unit === '%') fail('a circle radius cannot be a percentage');
  if (resolvedShape === 'ellipse' && lengths.length === 1) fail('an ellipse takes two radii');
  const size: RadialGradient['size'] = lengths.length
    ? (lengths as [Length] | [Length, Length])
    : (extent ?? 'farthest-corner');
  const at: [Length, Length] =
    atIndex === -1
      ? [POSITION_KEYWORDS['center']!, POSITION_KEYWORDS['center']!]
      : parsePosition(toks.slice(atIndex + 1), arg);
  return { shape: resolvedShape, size, at };
}

function parseStops(args: string[]): StopOrHint[] {
  const stops: StopOrHint[] = [];
  for (const arg of args) {
    if (arg === '') fail('empty argument (two commas in a row?)');
    const toks = splitTopLevel(arg, ' ');
    const lone = toks.length === 1 ? parseLength(toks[0]!) : null;
    if (lone) {
      stops.push({ hint: lone });
      continue;
    }
    const color = parseColor(toks[0]!);
    if (!color)
      return fail(
        `"${toks[0]}" is not a colour: expected a colour stop such as #6366f1 or rgb(99 102 241) 40%`,
      );
    if (toks.length > 3) fail(`too many values in the colour stop "${arg}"`);
    const positions = toks
      .slice(1)
      .map((t) => parseLength(t) ?? fail(`bad stop position "${t}" (use a % or px)`));
    if (positions.length === 0) stops.push({ color });
    for (const pos of positions) stops.push({ color, pos });
  }
  const colorCount = stops.filter((s) => 'color' in s).length;
  if (colorCount < 2) fail('a gradient needs at least two colour stops');
  stops.forEach((s, i) => {
    if (!('hint' in s)) return;
    const prev = stops[i - 1];
    const next = stops[i + 1];
    if (!prev || !next || 'hint' in prev || 'hint' in next)
      fail('a transition hint must sit between two colour stops');
  });
  return stops;
}

function parseLayer(layer: string): GradientLayer {
  const m = /^(repeating-)?([a-z-]+)\((.*)\)$/s.exec(layer);
  if (!m)
    return fail(
      `"${layer.slice(0, 40)}" is not a gradient: use linear-gradient(...) or radial-gradient(...)`,
    );
  const [, rep, fn, body] = m;
  const repeating = Boolean(rep);
  const args = splitTopLevel(body!, ',');
  if (fn === 'linear-gradient') {
    const direction = parseLinearDirection(args[0]!);
    return {
      kind: 'linear',
      repeating,
      direction: direction ?? { angle: 180 },
      stops: parseStops(direction ? args.slice(1) : args),
    };
  }
  if (fn === 'radial-gradient') {
    const head = parseRadialHead(args[0]!);
    const base = head ?? {
      shape: 'ellipse' as const,
      size: 'farthest-corner' as const,
      at: parsePosition(['center'], ''),
    };
    return { kind: 'radial', repeating, ...base, stops: parseStops(head ? args.slice(1) : args) };
  }
  return fail(`${rep ?? ''}${fn}() is not supported: use linear-gradient(...) or radial-gradient(...)`);
}

/** Parses one or more comma-separated CSS gradients; throws a message naming the problem. */
function parseLayers(input: string): GradientLayer[] {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s === '') fail('empty value');
  const layers = splitTopLevel(s, ',');
  if (layers.length > 8) fail('more than 8 stacked gradients');
  return layers.map(parseLayer);
}

/** Parses `input` into gradient layers (top first); throws an Error whose message names the problem. */
export function parseGradient(input: string): GradientLayer[] {
  try {
    return parseLayers(input);
  } catch (err) {
    if (err instanceof GradientError) throw new Error(err.message);
    throw err;
  }
}

/**
 * Returns null when `input` is a gradient Frameshot can draw, otherwise a message that names
 * the problem (shown to the API user as the `background_gradient` error).
 */
export function gradientProblem(input: string): string | null {
  try {
    parseLayers(input);
    return null;
  } catch (err) {
    if (err instanceof GradientError) return err.message;
    throw err;
  }
}
