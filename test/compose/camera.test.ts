import { describe, expect, it } from 'vitest';
import {
  apply,
  CAMERA_PRESETS,
  homography,
  PERSPECTIVE_PRESETS,
  projectCorners,
  resolveCamera,
} from '../../lib/compose/camera.ts';
import { params } from './helpers.ts';

describe('camera precedence', () => {
  it('is flat with nothing set', () => {
    expect(resolveCamera(params({}))).toMatchObject({
      tiltX: 0,
      tiltY: 0,
      roll: 0,
      zoom: 1,
      layout: 'default',
    });
  });

  it("takes a camera preset's angles, zoom, offset and layout", () => {
    expect(resolveCamera(params({ camera_preset: 'dashboard' }))).toEqual(CAMERA_PRESETS.dashboard);
  });

  it("lets perspective override the camera preset's angles but keep its zoom and layout", () => {
    const cam = resolveCamera(params({ camera_preset: 'dashboard', perspective: 'tilt-left' }));
    expect(cam).toMatchObject({
      ...PERSPECTIVE_PRESETS['tilt-left'],
      zoom: CAMERA_PRESETS.dashboard.zoom,
      layout: 'bottom-cropped',
    });
  });

  it('lets explicit angles, zoom and offsets override both presets', () => {
    const cam = resolveCamera(
      params({ camera_preset: 'hero', perspective: 'iso-left', tilt_y: 5, roll: -3, zoom: 2, offset_x: 0.1 }),
    );
    expect(cam).toMatchObject({
      tiltX: PERSPECTIVE_PRESETS['iso-left'].tiltX,
      tiltY: 5,
      roll: -3,
      zoom: 2,
      offsetX: 0.1,
    });
  });

  it('scales preset angles by perspective_intensity, not explicit ones', () => {
    const cam = resolveCamera(
      params({ perspective: 'tilt-right-strong', perspective_intensity: 0.5, tilt_x: 10 }),
    );
    expect(cam.tiltY).toBeCloseTo(PERSPECTIVE_PRESETS['tilt-right-strong'].tiltY / 2);
    expect(cam.tiltX).toBe(10);
  });

  it("keeps an explicit layout over the camera preset's", () => {
    expect(resolveCamera(params({ camera_preset: 'dashboard', layout: 'top-cropped' })).layout).toBe(
      'top-cropped',
    );
  });

  it('flattens a camera preset with perspective none', () => {
    expect(resolveCamera(params({ camera_preset: 'cinematic', perspective: 'none' }))).toMatchObject({
      tiltX: 0,
      tiltY: 0,
      roll: 0,
    });
  });
});

describe('projection', () => {
  it('makes the receding edge shorter (true perspective, not a skew)', () => {
    const { points, magnification } = projectCorners(400, 300, { tiltX: 0, tiltY: -30, roll: 0 });
    const leftEdge = points[3]![1] - points[0]![1];
    const rightEdge = points[2]![1] - points[1]![1];
    expect(leftEdge).toBeLessThan(rightEdge);
    expect(magnification[0]).toBeLessThan(1);
    expect(magnification[1]).toBeGreaterThan(1);
  });

  it('solves a homography that maps the four corners exactly', () => {
    const from: [number, number][] = [
      [0, 0],
      [100, 0],
      [100, 50],
      [0, 50],
    ];
    const to: [number, number][] = [
      [10, 5],
      [120, 20],
      [110, 80],
      [5, 60],
    ];
    const H = homography(from, to);
    from.forEach((p, i) => {
      const [x, y] = apply(H, p);
      expect(x).toBeCloseTo(to[i]![0], 6);
      expect(y).toBeCloseTo(to[i]![1], 6);
    });
  });
});
