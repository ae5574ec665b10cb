import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CaptureParams, FIELDS } from '../../lib/schemas/capture.ts';
import { PROMPT_VOCABULARY, readPrompt } from '../../lib/understand/prompt.ts';
import { STOP_WORDS } from '../../lib/understand/prompt-vocabulary.ts';

/** The schema's verdict on a reading's parameters, as issue messages (empty when valid). */
const problems = (params: Record<string, unknown>) => {
  const r = v.safeParse(CaptureParams, { url: 'https://example.com', ...params });
  return r.success ? [] : r.issues.map((i) => i.message);
};

const gradient = (css: string) => ({
  background_style: 'gradient',
  background_preset: 'custom',
  background_gradient: css,
});

describe('readPrompt', () => {
  it('reads the contract example exactly', () => {
    const reading = readPrompt(
      'dark hero shot on an iphone, tilted left, sunset background, title "Ship faster"',
    );
    expect(reading).toEqual({
      params: {
        dark_mode: true,
        camera_preset: 'hero',
        device: 'iphone-16-pro',
        perspective: 'tilt-left',
        background_style: 'gradient',
        background_preset: 'sunset',
        title: 'Ship faster',
      },
      understood: [
        { phrase: 'dark', sets: { dark_mode: true } },
        { phrase: 'hero shot', sets: { camera_preset: 'hero' } },
        { phrase: 'on an iphone', sets: { device: 'iphone-16-pro' } },
        { phrase: 'tilted left', sets: { perspective: 'tilt-left' } },
        { phrase: 'sunset background', sets: { background_style: 'gradient', background_preset: 'sunset' } },
        { phrase: 'title "Ship faster"', sets: { title: 'Ship faster' } },
      ],
      ignored: [],
    });
    expect(problems(reading.params)).toEqual([]);
  });

  const cases: [string, Record<string, unknown>][] = [
    // devices
    ['on a phone', { device: 'iphone-16-pro' }],
    ['smartphone mockup', { device: 'iphone-16-pro' }],
    ['MacBook Pro', { device: 'macbook-pro-16' }],
    ['on my laptop', { device: 'macbook-pro-16' }],
    ['in a tablet', { device: 'ipad-pro-m4' }],
    ['safari window', { device: 'browser-macos' }],
    ['mac window', { device: 'browser-macos' }],
    ['chrome', { device: 'browser-macos' }],
    ['browser', { device: 'browser-macos' }],
    ['edge on a pc', { device: 'browser-windows' }],
    ['windows, then a browser', { device: 'browser-windows' }],
    ['iphone, no frame', {}],
    ['frameless', {}],
    // device colours
    ['iphone in natural titanium', { device: 'iphone-16-pro', device_color: 'natural-titanium' }],
    ['desert iphone', { device: 'iphone-16-pro', device_color: 'desert-titanium' }],
    ['black iphone', { device: 'iphone-16-pro', device_color: 'black-titanium' }],
    ['space black macbook', { device: 'macbook-pro-16', device_color: 'space-black' }],
    ['silver ipad', { device: 'ipad-pro-m4', device_color: 'silver' }],
    ['macbook in silver', { device: 'macbook-pro-16', device_color: 'silver' }],
    ['dark browser', { device: 'browser-macos', device_color: 'dark' }],
    ['windows, light browser', { device: 'browser-windows', device_color: 'light' }],
    ['white titanium, on an iphone', { device: 'iphone-16-pro', device_color: 'white-titanium' }],
    // presets and synonyms
    ['aurora', { background_style: 'gradient', background_preset: 'aurora' }],
    ['northern lights', { background_style: 'gradient', background_preset: 'aurora' }],
    ['on the sea', { background_style: 'gradient', background_preset: 'ocean' }],
    ['night sky backdrop', { background_style: 'gradient', background_preset: 'midnight' }],
    ['ice', { background_style: 'gradient', background_preset: 'arctic' }],
    ['snow background', { background_style: 'gradient', background_preset: 'arctic' }],
    ['twilight', { background_style: 'gradient', background_preset: 'dusk' }],
    ['jungle', { background_style: 'gradient', background_preset: 'forest' }],
    ['lava vibes', { background_style: 'gradient', background_preset: 'ember' }],
    // colours
    ['navy background', { background_style: 'solid', background_color: 'navy' }],
    ['on #0f172a', { background_style: 'solid', background_color: '#0f172a' }],
    ['midnight blue background', { background_style: 'solid', background_color: 'midnightblue' }],
    ['red to blue gradient', gradient('linear-gradient(135deg, red, blue)')],
    ['purple and orange gradient', gradient('linear-gradient(135deg, purple, orange)')],
    ['gradient from #ff0080 to #7928ca', gradient('linear-gradient(135deg, #ff0080, #7928ca)')],
    ['sky blue / hot pink', gradient('linear-gradient(135deg, skyblue, hotpink)')],
    ['transparent', { background_style: 'transparent' }],
    ['no background', { background_style: 'transparent' }],
    ['white title "Hi"', { title_color: 'white', title: 'Hi' }],
    ['red glow', { shadow: 'glow', shadow_color: 'red' }],
    // mood
    ['dark mode', { dark_mode: true }],
    ['night mode', { dark_mode: true }],
    ['light theme', { dark_mode: false }],
    // angles and camera
    ['tilt right', { perspective: 'tilt-right' }],
    ['tilted upwards', { perspective: 'tilt-up' }],
    ['angled to the left', { perspective: 'tilt-left' }],
    ['down tilt', { perspective: 'tilt-down' }],
    ['strong tilt left', { perspective: 'tilt-left-strong' }],
    ['dramatic right tilt', { perspective: 'tilt-right-strong' }],
    ['tilted right steeply', { perspective: 'tilt-right-strong' }],
    ['tilt-left-strong', { perspective: 'tilt-left-strong' }],
    ['isometric', { perspective: 'iso-left' }],
    ['iso right', { perspective: 'iso-right' }],
    ['head on', { perspective: 'none' }],
    ['flat', { perspective: 'none' }],
    ['cinematic', { camera_preset: 'cinematic' }],
    ['dashboard view', { camera_preset: 'dashboard' }],
    ['detail shot', { camera_preset: 'detail' }],
    ['close-up', { zoom: 1.5 }],
    ['zoomed out', { zoom: 0.8 }],
    ['rotated 15 degrees', { roll: 15 }],
    ['-10°', { roll: -10 }],
    ['rotated by 20 degrees counterclockwise', { roll: -20 }],
    ['rotated 90 degrees', { roll: 60 }],
    // shadows
    ['soft shadow', { shadow: 'soft' }],
    ['hard shadow', { shadow: 'hard' }],
    ['glowing', { shadow: 'glow' }],
    ['floating', { shadow: 'float' }],
    ['no shadow', { shadow: 'none' }],
    // aspect and output
    ['square', { aspect_ratio: '1:1' }],
    ['for tiktok', { aspect_ratio: '9:16' }],
    ['instagram', { aspect_ratio: '4:5' }],
    ['instagram story', { aspect_ratio: '9:16' }],
    ['landscape', { aspect_ratio: '3:2' }],
    ['youtube', { aspect_ratio: '16:9' }],
    ['ultrawide', { aspect_ratio: '21:9' }],
    ['4:3', { aspect_ratio: '4:3' }],
    ['4k', { output: { width: 3840 } }],
    ['4k retina', { output: { width: 3840, dpr: 2 } }],
    ['@2x', { output: { dpr: 2 } }],
    // layout, depth, page
    ['bottom cropped', { layout: 'bottom-cropped' }],
    ['cropped at the bottom', { layout: 'bottom-cropped' }],
    ['bleeding off the top', { layout: 'top-cropped' }],
    ['bokeh', { depth_blur: 12, depth_blur_type: 'lens' }],
    ['depth of field', { depth_blur: 12, depth_blur_type: 'lens' }],
    ['blurred edges', { depth_blur: 12, depth_blur_type: 'lens' }],
    ['tilt shift', { depth_blur: 12, depth_blur_type: 'tilt' }],
    ['full page', { full_page: true }],
    ['the whole page', { full_page: true }],
    // text and fonts
    ['headline: "Launch day"', { title: 'Launch day' }],
    ["tagline 'Fast and calm'", { subtitle: 'Fast and calm' }],
    ['badge saying “New”', { badge: 'New' }],
    ['"One" "Two" "Three"', { title: 'One', subtitle: 'Two', badge: 'Three' }],
    ['"Second" title "First"', { title: 'First', subtitle: 'Second' }],
    ['serif title', { title_font: 'serif' }],
    ['monospace', { title_font: 'mono' }],
    ['sans-serif', { title_font: 'sans' }],
    // conflicts: the later phrase wins, a background replaces the earlier background
    ['sunset, then ocean', { background_style: 'gradient', background_preset: 'ocean' }],
    ['red background, aurora', { background_style: 'gradient', background_preset: 'aurora' }],
    ['aurora, red background', { background_style: 'solid', background_color: 'red' }],
    ['iphone, then a laptop', { device: 'macbook-pro-16' }],
    ['dark, light', { dark_mode: false }],
    ['tilted left, flat', { perspective: 'none' }],
    // case and punctuation
    ['DARK MODE; Sunset!!', { dark_mode: true, background_style: 'gradient', background_preset: 'sunset' }],
    ['tilted, left', { perspective: 'tilt-left' }],
  ];

  it.each(cases)('reads %j', (prompt, params) => {
    const reading = readPrompt(prompt);
    expect(reading.params).toEqual(params);
    expect(problems(reading.params)).toEqual([]);
  });

  it('keeps the later of two conflicting phrases and lists a repeated phrase once', () => {
    const reading = readPrompt('sunset, ocean, sunset');
    expect(reading.params).toEqual({ background_style: 'gradient', background_preset: 'sunset' });
    expect(reading.understood.map((u) => u.phrase)).toEqual(['sunset', 'ocean']);
  });

  it('lists words it does not understand, in order and once, never stop words', () => {
    const reading = readPrompt(
      'a fluffy screenshot of the site with wobbly sunset and fluffy clouds, please',
    );
    expect(reading.params).toEqual({ background_style: 'gradient', background_preset: 'sunset' });
    expect(reading.ignored).toEqual(['fluffy', 'wobbly', 'clouds']);
  });

  it('lists a ratio the contract does not know, and a fourth text', () => {
    const reading = readPrompt('5:4 "a" "b" "c" "d"');
    expect(reading.ignored).toEqual(['5:4', '"d"']);
    expect(reading.params).toEqual({ title: 'a', subtitle: 'b', badge: 'c' });
  });

  it('ignores a frame colour the chosen device does not come in', () => {
    expect(readPrompt('iphone, space black')).toMatchObject({
      params: { device: 'iphone-16-pro' },
      ignored: ['space black'],
    });
    expect(readPrompt('black titanium')).toMatchObject({ params: {}, ignored: ['black titanium'] });
    const moved = readPrompt('black titanium iphone, then a macbook');
    expect(moved.params).toEqual({ device: 'macbook-pro-16' });
    expect(moved.ignored).toEqual(['black titanium']);
  });

  it('reads a colour as the background unless it stands next to a device', () => {
    expect(readPrompt('silver background, macbook').params).toEqual({
      background_style: 'solid',
      background_color: 'silver',
      device: 'macbook-pro-16',
    });
    expect(readPrompt('dark iphone').params).toEqual({ dark_mode: true, device: 'iphone-16-pro' });
    expect(readPrompt('safari dark mode').params).toEqual({ device: 'browser-macos', dark_mode: true });
  });

  it('never interprets words inside quotes', () => {
    const reading = readPrompt('title "dark iphone on a sunset background"');
    expect(reading.params).toEqual({ title: 'dark iphone on a sunset background' });
    expect(reading.ignored).toEqual([]);
  });

  it('keeps quoted CJK, right-to-left and emoji texts intact', () => {
    const reading = readPrompt('「日本語のタイトル」, subtitle "مرحبا بالعالم", badge «🚀 Launch 👩‍💻»');
    expect(reading.params).toEqual({
      title: '日本語のタイトル',
      subtitle: 'مرحبا بالعالم',
      badge: '🚀 Launch 👩‍💻',
    });
    expect(problems(reading.params)).toEqual([]);
  });

  it('cuts a long text to 120 characters without splitting an emoji', () => {
    const long = `${'x'.repeat(119)}👩‍💻 tail`;
    const { title } = readPrompt(`"${long}"`).params as { title: string };
    expect(title).toBe('x'.repeat(119));
    const { subtitle } = readPrompt(`"a" "${'界'.repeat(300)}"`).params as { subtitle: string };
    expect(subtitle).toBe('界'.repeat(120));
  });

  it('reads an unclosed quote to the end and an apostrophe as part of a word', () => {
    expect(readPrompt('sunset, title "Don\'t stop').params).toEqual({
      background_style: 'gradient',
      background_preset: 'sunset',
      title: "Don't stop",
    });
    expect(readPrompt("it's a sunset").ignored).toEqual([]);
  });

  it.each(['', '   ', 'the a', ', . ; !', 'a the of with please', '""'])('reads %j as nothing', (prompt) => {
    expect(readPrompt(prompt)).toEqual({ params: {}, understood: [], ignored: [] });
  });
});

describe('readPrompt over random prompts', () => {
  const vocabulary = [
    ...new Set(Object.values(PROMPT_VOCABULARY).flatMap((phrases) => phrases.flatMap((p) => p.split(' ')))),
  ];
  // Colours, joiners, numbers and labels: the words that need context to read.
  const extra = [
    ...'red blue silver black white sky #abc #12345g to and / on in title badge'.split(' '),
    ...'15 -70 90 0 1.5 degrees ° rotated 16:9 5:4 3x'.split(' '),
  ];
  const token = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...vocabulary, ...extra) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 140 }).map((s) => `"${s}"`) },
  );
  const prompt = fc
    .array(fc.tuple(token, fc.constantFrom(' ', ' ', ' ', ', ', '. ', '-')), { maxLength: 20 })
    .map((parts) => parts.map(([t, sep]) => t + sep).join(''));
  const captureFields = new Set<string>(FIELDS.capture);

  it('never throws, is deterministic and always gives schema-valid parameters', () => {
    fc.assert(
      fc.property(prompt, (text) => {
        const reading = readPrompt(text);
        expect(readPrompt(text)).toEqual(reading);
        expect(problems(reading.params)).toEqual([]);
        for (const key of Object.keys(reading.params)) expect(captureFields.has(key)).toBe(true);
        for (const word of reading.ignored) expect(STOP_WORDS.has(word)).toBe(false);
        expect(new Set(reading.ignored).size).toBe(reading.ignored.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('gives schema-valid parameters for every phrase of the vocabulary', () => {
    for (const phrase of Object.values(PROMPT_VOCABULARY).flat()) {
      const reading = readPrompt(`iphone, ${phrase}`);
      expect(problems(reading.params), phrase).toEqual([]);
      expect(reading.understood.length, phrase).toBeGreaterThan(0);
    }
  });
});
