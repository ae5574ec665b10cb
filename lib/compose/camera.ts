/**
 * @module compose/camera
 * The 3D camera: presets and explicit angles resolved with the contract's precedence, the
 * perspective projection of the device plane, and the homography that maps the flat device
 * raster onto its projected quad.
 */
import type { CaptureParams } from '../schemas/capture.ts';

type Perspective = Exclude<NonNullable<CaptureParams['perspective']>, 'none'>;
type CameraPreset = NonNullable<CaptureParams['camera_preset']>;
export type Layout = CaptureParams['layout'];

interface Angles {
  tiltX: number;
  tiltY: number;
  roll: number;
}

export interface Camera extends Angles {
  zoom: number;
  offsetX: number;
  offsetY: number;
  frameScale: number;
  layout: Layout;
}

/**
 * Angles in degrees. `tiltY` < 0 turns the device to face left (its left edge recedes);
 * `tiltX` > 0 leans it back (its top edge recedes); `roll` turns it clockwise in its plane.
 */
export const PERSPECTIVE_PRESETS: Record<Perspective, Angles> = {
  'tilt-left': { tiltX: 0, tiltY: -22, roll: 0 },
  'tilt-right': { tiltX: 0, tiltY: 22, roll: 0 },
  'tilt-up': { tiltX: 20, tiltY: 0, roll: 0 },
  'tilt-down': { tiltX: -20, tiltY: 0, roll: 0 },
  'tilt-left-strong': { tiltX: 4, tiltY: -38, roll: 0 },
  'tilt-right-strong': { tiltX: 4, tiltY: 38, roll: 0 },
  'iso-left': { tiltX: 32, tiltY: -30, roll: 12 },
  'iso-right': { tiltX: 32, tiltY: 30, roll: -12 },
};

/** Named compositions: angles, zoom, offset (fraction of the canvas), scale and layout. */
export const CAMERA_PRESETS: Record<CameraPreset, Camera> = {
  hero: { tiltX: 9, tiltY: -16, roll: 0, zoom: 1, offsetX: 0, offsetY: 0, frameScale: 1, layout: 'default' },
  dashboard: {
    tiltX: 22,
    tiltY: 0,
    roll: 0,
    zoom: 1.1,
    offsetX: 0,
    offsetY: 0,
    frameScale: 1,
    layout: 'bottom-cropped',
  },
  flat: { tiltX: 0, tiltY: 0, roll: 0, zoom: 1, offsetX: 0, offsetY: 0, frameScale: 1, layout: 'default' },
  cinematic: {
    tiltX: 7,
    tiltY: 28,
    roll: -3,
    zoom: 1.04,
    offsetX: -0.02,
    offsetY: 0.03,
    frameScale: 1,
    layout: 'default',
  },
  detail: {
    tiltX: 6,
    tiltY: -12,
    roll: 0,
    zoom: 1.8,
    offsetX: 0.2,
    offsetY: 0.24,
    frameScale: 1,
    layout: 'default',
  },
};

const NONE: Camera = { ...CAMERA_PRESETS.flat };
const FLAT: Angles = { tiltX: 0, tiltY: 0, roll: 0 };

/** explicit `tilt_*`/`roll`/`zoom`/`offset_*` > `perspective` > `camera_preset` > none (contract §3). */
export function resolveCamera(p: CaptureParams): Camera {
  const preset = p.camera_preset ? CAMERA_PRESETS[p.camera_preset] : NONE;
  const cam: Camera = { ...preset };
  const fromPerspective = p.perspective
    ? p.perspective === 'none'
      ? FLAT
      : PERSPECTIVE_PRESETS[p.perspective]
    : undefined;
  const angles = fromPerspective ?? preset;
  const k = p.perspective_intensity;
  Object.assign(cam, { tiltX: angles.tiltX * k, tiltY: angles.tiltY * k, roll: angles.roll * k });
  if (p.layout !== 'default') cam.layout = p.layout;
  if (p.tilt_x !== undefined) cam.tiltX = p.tilt_x;
  if (p.tilt_y !== undefined) cam.tiltY = p.tilt_y;
  if (p.roll !== undefined) cam.roll = p.roll;
  if (p.zoom !== undefined) cam.zoom = p.zoom;
  if (p.offset_x !== undefined) cam.offsetX = p.offset_x;
  if (p.offset_y !== undefined) cam.offsetY = p.offset_y;
  if (p.frame_scale !== undefined) cam.frameScale = p.frame_scale;
  return cam;
}

export const isFlat = (c: Angles) =>
  Math.abs(c.tiltX) < 0.01 && Math.abs(c.tiltY) < 0.01 && Math.abs(c.roll) < 0.01;

export type Point = [number, number];

/** Camera distance as a multiple of the subject's longer side: a ~28° field of view. */
const DISTANCE = 2;

/**
 * Projects the corners of a `w`×`h` plane centred on the origin (top-left, top-right,
 * bottom-right, bottom-left), rotated by the camera's angles, seen from `DISTANCE`×max(w, h).
 * Returns the projected points and each corner's magnification (d / (d + z)).
 */
export function projectCorners(
  w: number,
  h: number,
  a: Angles,
): { points: Point[]; magnification: number[] } {
  const rad = Math.PI / 180;
  const [cr, sr] = [Math.cos(a.roll * rad), Math.sin(a.roll * rad)];
  const [cx, sx] = [Math.cos(a.tiltX * rad), Math.sin(a.tiltX * rad)];
  const [cy, sy] = [Math.cos(a.tiltY * rad), Math.sin(a.tiltY * rad)];
  const d = DISTANCE * Math.max(w, h);
  const corners: Point[] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  const points: Point[] = [];
  const magnification: number[] = [];
  for (const [x0, y0] of corners) {
    // roll in the plane, then lean back (x axis), then turn (y axis); +z points away from the viewer.
    const x1 = x0 * cr - y0 * sr;
    const y1 = x0 * sr + y0 * cr;
    const y2 = y1 * cx;
    const z2 = -y1 * sx;
    const x3 = x1 * cy - z2 * sy;
    const z3 = x1 * sy + z2 * cy;
    const m = d / (d + z3);
    points.push([x3 * m, y2 * m]);
    magnification.push(m);
  }
  return { points, magnification };
}

/** The 3×3 homography (row-major, h33 = 1) taking `from[i]` to `to[i]` for four points. */
export function homography(from: Point[], to: Point[]): number[] {
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gaussian elimination with partial pivoting on the 8×9 augmented matrix.
  for (let c = 0; c < 8; c++) {
    let pivot = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[pivot]![c]!)) pivot = r;
    [A[c], A[pivot]] = [A[pivot]!, A[c]!];
    const row = A[c]!;
    if (Math.abs(row[c]!) < 1e-12) throw new Error('degenerate homography');
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / row[c]!;
      for (let k = c; k < 9; k++) A[r]![k]! -= f * row[k]!;
    }
  }
  const h = A.map((row, i) => row[8]! / row[i]!);
  return [...h, 1];
}

/** Inverse of a 3×3 matrix (row-major). */
export function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ].map((v) => v / det);
}

export function apply(H: number[], [x, y]: Point): Point {
  const w = H[6]! * x + H[7]! * y + H[8]!;
  return [(H[0]! * x + H[1]! * y + H[2]!) / w, (H[3]! * x + H[4]! * y + H[5]!) / w];
}
