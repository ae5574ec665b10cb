import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CaptureParams } from '../../lib/schemas/capture.ts';

const check = (input: Record<string, unknown>) =>
  v.safeParse(CaptureParams, { url: 'https://example.com', ...input });

function messages(input: Record<string, unknown>): string {
  const r = check(input);
  expect(r.success).toBe(false);
  return r.success ? '' : r.issues.map((i) => i.message).join(' | ');
}

const ENUMS: [string, unknown][] = [
  ['device', 'pixel-9'],
  ['background_style', 'mesh'],
  ['background_preset', 'neon'],
  ['shadow', 'huge'],
  ['perspective', 'tilt-sideways'],
  ['camera_preset', 'drone'],
  ['layout', 'left-cropped'],
  ['aspect_ratio', '5:4'],
  ['depth_blur_type', 'gaussian'],
  ['depth_blur_direction', 'up'],
  ['title_font', 'comic'],
  ['title_align', 'justify'],
  ['title_position', 'middle'],
  ['subtitle_font', 'cursive'],
  ['subtitle_align', 'middle'],
  ['subtitle_position', 'center'],
];

const RANGES: [string, number, number][] = [
  ['device_scale', 0.2, 2],
  ['padding', 0, 1000],
  ['corner_radius', 0, 1000],
  ['shadow_blur', 0, 500],
  ['shadow_offset_x', -1000, 1000],
  ['shadow_offset_y', -1000, 1000],
  ['shadow_spread', -500, 500],
  ['shadow_opacity', 0, 1],
  ['perspective_intensity', 0, 2],
  ['tilt_x', -60, 60],
  ['tilt_y', -60, 60],
  ['roll', -60, 60],
  ['zoom', 0.5, 3],
  ['offset_x', -1, 1],
  ['offset_y', -1, 1],
  ['frame_scale', 0.2, 2],
  ['depth_blur', 0, 50],
  ['depth_blur_angle', -180, 180],
  ['depth_blur_position', 0, 1],
  ['depth_blur_band', 0, 1],
  ['depth_blur_width', 0, 1],
  ['title_size', 6, 400],
  ['title_weight', 100, 900],
  ['subtitle_size', 6, 400],
  ['subtitle_weight', 100, 900],
];

describe('styling parameter validation', () => {
  it.each(ENUMS)('rejects an unknown %s and lists the allowed values', (field, value) => {
    const msg = messages({ [field]: value });
    expect(msg).toContain(`Invalid ${field}. Must be one of:`);
  });

  it.each(RANGES)('rejects %s outside %d…%d, naming the field and the range', (field, min, max) => {
    const below = messages({ [field]: min - 0.5 - Math.abs(min) * 0.1 });
    const above = messages({ [field]: max + 0.5 + Math.abs(max) * 0.1 });
    for (const msg of [below, above]) expect(msg).toContain(`Invalid ${field}. Must be`);
    expect(below).toContain(String(min));
    expect(above).toContain(String(max));
    expect(check({ [field]: min }).success).toBe(true);
    expect(check({ [field]: max }).success).toBe(true);
  });

  it.each([
    ['output', { format: 'bmp' }, 'output.format'],
    ['output', { width: 7000 }, 'output.width'],
    ['output', { height: 0 }, 'output.height'],
    ['output', { dpr: 4 }, 'output.dpr'],
    ['output', { quality: 101 }, 'output.quality'],
  ])('rejects a bad %s field (%o) naming %s', (field, value, name) => {
    expect(messages({ [field]: value })).toContain(`Invalid ${name}`);
  });

  it("names the device's colours when device_color does not fit the device", () => {
    expect(messages({ device: 'iphone-16-pro', device_color: 'silver' })).toContain(
      'black-titanium, white-titanium, natural-titanium, desert-titanium',
    );
    expect(messages({ device: 'browser-macos', device_color: 'space-black' })).toContain('light, dark');
    expect(messages({ device_color: 'silver' })).toContain('Set device too');
  });

  it.each(['title_color', 'subtitle_color', 'badge_color', 'background_color', 'shadow_color'])(
    'rejects %s that is not a CSS colour',
    (field) => {
      expect(messages({ [field]: 'not-a-colour' })).toContain(`Invalid ${field}`);
    },
  );

  it('rejects text longer than 120 characters', () => {
    for (const field of ['title', 'subtitle', 'badge']) {
      expect(messages({ [field]: 'x'.repeat(121) })).toContain(
        `Invalid ${field}. Must be at most 120 characters`,
      );
    }
  });

  it('rejects jpg with a transparent background', () => {
    expect(messages({ background_style: 'transparent', output: { format: 'jpg' } })).toContain(
      'jpg has no alpha channel',
    );
  });

  it('requires background_gradient for the custom preset and names what is wrong with a bad one', () => {
    expect(messages({ background_preset: 'custom' })).toContain('Missing background_gradient');
    expect(
      messages({ background_preset: 'custom', background_gradient: 'linear-gradient(90deg, red)' }),
    ).toContain('Invalid background_gradient: a gradient needs at least two colour stops');
    expect(messages({ background_gradient: 'linear-gradient(90deg, red, bleu)' })).toContain(
      '"bleu" is not a colour',
    );
    expect(messages({ background_gradient: 'conic-gradient(red, blue)' })).toContain(
      'conic-gradient() is not supported',
    );
    expect(
      check({
        background_preset: 'custom',
        background_gradient: 'linear-gradient(to right, #000 0%, #fff 100%)',
      }).success,
    ).toBe(true);
  });
});
