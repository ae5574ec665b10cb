/**
 * @module understand/prompt-vocabulary
 * The words of the `prompt` grammar (API.md §10): fixed phrases and what each sets, written as
 * small patterns and expanded once into one phrase → intent map. A pattern is space-separated
 * slots; `a|b` is a choice, `[a|b]` an optional slot, `_` joins words inside a choice
 * (`head_on` is the two words "head on"). Values are the capture schema's own enum values.
 * Words that need context (colours, numbers, ratios, quotes) are read by `understand/prompt`.
 */
import type { Device } from '../schemas/capture.ts';

export type Params = Record<string, unknown>;

/** A device colour named by a phrase: what it is called on each device it exists for. */
export type DeviceColors = Partial<Record<Device, string>>;

export type Intent =
  /** Parameters to set; `undefined` removes a parameter ("no frame"). */
  | { kind: 'set'; sets: Params }
  /** A browser without a vendor: `browser-macos`, unless a browser frame is already chosen. */
  | { kind: 'browser' }
  /** A frame colour, checked against the device the whole prompt ends up with. */
  | { kind: 'device-color'; colors: DeviceColors };

const IPHONE = 'iphone-16-pro';
const MACBOOK = 'macbook-pro-16';
const IPAD = 'ipad-pro-m4';
const BROWSERS = ['browser-macos', 'browser-windows'] as const;

const onBrowsers = (color: string): DeviceColors =>
  Object.fromEntries(BROWSERS.map((d) => [d, color])) as DeviceColors;

/** Keys that describe one background: a background phrase replaces all of them. */
export const BACKGROUND_KEYS = [
  'background_style',
  'background_preset',
  'background_color',
  'background_gradient',
] as const;

const set = (sets: Params): Intent => ({ kind: 'set', sets });
const preset = (name: string): Intent => set({ background_style: 'gradient', background_preset: name });

const DIRS = {
  left: 'left|leftward|leftwards',
  right: 'right|rightward|rightwards',
  up: 'up|upward|upwards|back|backward|backwards',
  down: 'down|downward|downwards|forward|forwards',
};
const TILT = 'tilt|tilted|tilting|angled|angle|leaning|slanted|turned';
const TO = '[to|towards|toward] [the]';
const STRONG = 'strong|steep|dramatic|heavy|extreme|sharp|strongly|steeply|dramatically|heavily|sharply';
const BLUR = 'blur|blurred|blurry|bokeh';

const tilts = (dir: keyof typeof DIRS, strong: boolean): string[] => {
  const d = DIRS[dir];
  if (!strong) return [`${TILT} ${TO} ${d}`, `${d} ${TILT}`];
  return [
    `${STRONG} ${TILT} ${TO} ${d}`,
    `${STRONG} ${d} ${TILT}`,
    `${TILT} ${TO} ${d} ${STRONG}`,
    `${TILT} ${STRONG} ${TO} ${d}`,
  ];
};

/**
 * What each pattern means, grouped by the parameter it is about (the group names make
 * `PROMPT_VOCABULARY`). Within a group the first alternative of each pattern is the canonical
 * phrase shown in docs.
 */
const GRAMMAR: Record<string, [patterns: string[], intent: Intent][]> = {
  device: [
    [
      ['no device|frame|mockup', 'without [a|any] device|frame|mockup', 'frameless|unframed'],
      set({ device: undefined }),
    ],
    [
      ['iphone [16] [pro] [max]', 'phone|smartphone|mobile|ios|cellphone', 'mobile|cell phone'],
      set({ device: IPHONE }),
    ],
    [['macbook [pro] [16]', 'mac|laptop|notebook'], set({ device: MACBOOK })],
    [['ipad [pro] [m4]', 'tablet'], set({ device: IPAD })],
    [
      ['safari|chrome|firefox|macos|osx [browser|window]', 'mac browser|window', 'macos browser|window'],
      set({ device: 'browser-macos' }),
    ],
    [
      ['windows|edge|pc [browser|window]', 'microsoft edge', 'windows 10|11'],
      set({ device: 'browser-windows' }),
    ],
    [['browser|window|desktop', 'browser window', 'web browser'], { kind: 'browser' }],
  ],
  device_color: [
    [['black titanium'], { kind: 'device-color', colors: { [IPHONE]: 'black-titanium' } }],
    [['white titanium'], { kind: 'device-color', colors: { [IPHONE]: 'white-titanium' } }],
    [['natural titanium'], { kind: 'device-color', colors: { [IPHONE]: 'natural-titanium' } }],
    [['desert [titanium]'], { kind: 'device-color', colors: { [IPHONE]: 'desert-titanium' } }],
    [['space black'], { kind: 'device-color', colors: { [MACBOOK]: 'space-black', [IPAD]: 'space-black' } }],
  ],
  background_preset: [
    [['aurora', 'northern|polar lights', 'aurora borealis', 'borealis'], preset('aurora')],
    [['sunset', 'sundown|sunrise', 'golden hour'], preset('sunset')],
    [['ocean', 'sea|seaside|marine|waves'], preset('ocean')],
    [['midnight', 'night|nighttime', 'night sky', 'starry [sky|night]'], preset('midnight')],
    [['arctic', 'ice|icy|snow|snowy|glacier|frost|frosty|winter'], preset('arctic')],
    [['dusk', 'twilight|evening'], preset('dusk')],
    [['forest', 'jungle|woods|woodland|rainforest'], preset('forest')],
    [['ember', 'embers|fire|fiery|lava|flame|flames|volcanic|magma'], preset('ember')],
  ],
  background_style: [
    [
      [
        'transparent [background|backdrop|bg]',
        'no|without [a|any] background|backdrop|bg',
        'clear background',
      ],
      set({ background_style: 'transparent' }),
    ],
    [['gradient [background|backdrop|bg]'], set({ background_style: 'gradient' })],
  ],
  dark_mode: [
    [['dark [mode|theme|ui|version]', 'night mode', 'darkmode'], set({ dark_mode: true })],
    [['light [mode|theme|ui|version]', 'lightmode', 'day mode'], set({ dark_mode: false })],
  ],
  perspective: [
    ...(['left', 'right', 'up', 'down'] as const).map((d): [string[], Intent] => [
      tilts(d, false),
      set({ perspective: `tilt-${d}` }),
    ]),
    [tilts('left', true), set({ perspective: 'tilt-left-strong' })],
    [tilts('right', true), set({ perspective: 'tilt-right-strong' })],
    [[TILT], set({ perspective: 'tilt-left' })],
    [[`${STRONG} ${TILT}`, `${TILT} ${STRONG}`], set({ perspective: 'tilt-left-strong' })],
    [
      ['isometric|iso [view|angle] [to|towards] [the] left', 'left isometric|iso'],
      set({ perspective: 'iso-left' }),
    ],
    [
      ['isometric|iso [view|angle] [to|towards] [the] right', 'right isometric|iso'],
      set({ perspective: 'iso-right' }),
    ],
    [['isometric|iso [view|angle]'], set({ perspective: 'iso-left' })],
    [
      [
        'flat|straight|frontal|untilted',
        'head|face|front|straight on',
        'front view',
        'no tilt|angle|perspective',
      ],
      set({ perspective: 'none' }),
    ],
  ],
  camera_preset: [
    [['hero [shot|angle|view|camera]'], set({ camera_preset: 'hero' })],
    [['dashboard [shot|angle|view|camera]'], set({ camera_preset: 'dashboard' })],
    [['cinematic [shot|angle|view|camera|look]'], set({ camera_preset: 'cinematic' })],
    [['detail|detailed [shot|angle|view|camera]'], set({ camera_preset: 'detail' })],
    [['flat camera|preset|composition'], set({ camera_preset: 'flat' })],
  ],
  zoom: [
    [['zoomed|zoom|zooming in', 'close up', 'closeup|closer|macro', 'up close'], set({ zoom: 1.5 })],
    [['zoomed|zoom|zooming out', 'pulled back', 'far away', 'distant'], set({ zoom: 0.8 })],
  ],
  shadow: [
    [
      ['soft|subtle|gentle|drop|light|smooth|diffuse shadow|shadows', 'shadow|shadows'],
      set({ shadow: 'soft' }),
    ],
    [['hard|sharp|strong|harsh|crisp|dark shadow|shadows'], set({ shadow: 'hard' })],
    [['glow|glowing|glowy|neon [shadow|effect]'], set({ shadow: 'glow' })],
    [['float|floating|floaty|levitating [shadow|effect]'], set({ shadow: 'float' })],
    [['no|without [a|any] shadow|shadows', 'shadowless'], set({ shadow: 'none' })],
  ],
  aspect_ratio: [
    [['square [format|crop]'], set({ aspect_ratio: '1:1' })],
    [
      [
        'story|stories|reel|reels|tiktok|vertical|shorts',
        'instagram|ig story|stories|reel',
        'youtube shorts',
      ],
      set({ aspect_ratio: '9:16' }),
    ],
    [['portrait|instagram|insta [post]', 'ig post'], set({ aspect_ratio: '4:5' })],
    [['landscape'], set({ aspect_ratio: '3:2' })],
    [
      ['widescreen|youtube|hd|1080p', 'wide screen', 'youtube thumbnail', 'full hd'],
      set({ aspect_ratio: '16:9' }),
    ],
    [['ultrawide|cinema|cinemascope', 'ultra wide'], set({ aspect_ratio: '21:9' })],
  ],
  output: [
    [['4k|uhd'], set({ output: { width: 3840 } })],
    [['retina|hidpi|2x', 'high dpi|res|resolution', 'double resolution'], set({ output: { dpr: 2 } })],
    [['3x'], set({ output: { dpr: 3 } })],
    [['1x'], set({ output: { dpr: 1 } })],
  ],
  layout: [
    ...(['bottom', 'top'] as const).map((edge): [string[], Intent] => [
      [
        `${edge} cropped|crop|bleed|bleeding|cut|cutoff`,
        `cropped|cut|cutoff|clipped|bleeding|bleeds|bleed|running|overflowing [off] [at|from|on|off|past] [the] ${edge} [edge]`,
      ],
      set({ layout: `${edge}-cropped` }),
    ]),
    [['centered|centred [layout]', 'default layout'], set({ layout: 'default' })],
  ],
  depth_blur: [
    [
      [
        `[shallow] depth of field`,
        BLUR,
        `lens ${BLUR}`,
        `${BLUR} edges`,
        'soft focus',
        'dof',
        'background blur',
      ],
      set({ depth_blur: 12, depth_blur_type: 'lens' }),
    ],
    [[`strong|heavy|lots_of|extreme ${BLUR}`], set({ depth_blur: 24, depth_blur_type: 'lens' })],
    [[`subtle|slight|light|gentle ${BLUR}`], set({ depth_blur: 6, depth_blur_type: 'lens' })],
    [['tilt shift [blur|effect]', 'tiltshift|miniature'], set({ depth_blur: 12, depth_blur_type: 'tilt' })],
    [[`radial ${BLUR}`], set({ depth_blur: 12, depth_blur_type: 'radial' })],
    [[`no|without [any] ${BLUR}`], set({ depth_blur: 0 })],
  ],
  full_page: [
    [['full|whole|entire|complete page|length|site|website', 'fullpage'], set({ full_page: true })],
  ],
  title_font: [
    [['serif [font|title|headline|heading|type]'], set({ title_font: 'serif' })],
    [
      ['mono|monospace|monospaced|typewriter [font|title|headline|heading|type]', 'code font'],
      set({ title_font: 'mono' }),
    ],
    [['sans|sansserif [serif] [font|title|headline|heading|type]'], set({ title_font: 'sans' })],
  ],
};

/** Every word sequence a pattern stands for. */
export function expandPattern(pattern: string): string[] {
  let out = [''];
  for (const slot of pattern.trim().split(/\s+/)) {
    const optional = slot.startsWith('[') && slot.endsWith(']');
    const choices = (optional ? slot.slice(1, -1) : slot).split('|').map((c) => c.replaceAll('_', ' '));
    if (optional) choices.push('');
    out = out.flatMap((head) => choices.map((c) => `${head} ${c}`.trim()));
  }
  return out.filter(Boolean);
}

function buildPhrases(): Map<string, Intent> {
  const phrases = new Map<string, Intent>();
  for (const entries of Object.values(GRAMMAR)) {
    for (const [patterns, intent] of entries) {
      for (const phrase of patterns.flatMap(expandPattern)) {
        // The first meaning written wins, so a phrase two patterns produce keeps the group order.
        if (!phrases.has(phrase)) phrases.set(phrase, intent);
      }
    }
  }
  return phrases;
}

/** Phrase (lower-case words joined by one space) → what it means. */
export const PHRASES: ReadonlyMap<string, Intent> = buildPhrases();
/** Longest phrase in words: how far the reader looks ahead. */
export const MAX_PHRASE_WORDS = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));

/** Colour adjectives that name a frame colour when they stand next to a device ("black iphone", "macbook in silver"). */
export const FRAME_ADJECTIVES: Record<string, DeviceColors> = {
  black: {
    [IPHONE]: 'black-titanium',
    [MACBOOK]: 'space-black',
    [IPAD]: 'space-black',
    ...onBrowsers('dark'),
  },
  white: { [IPHONE]: 'white-titanium', ...onBrowsers('light') },
  silver: { [MACBOOK]: 'silver', [IPAD]: 'silver' },
  natural: { [IPHONE]: 'natural-titanium' },
  desert: { [IPHONE]: 'desert-titanium' },
  dark: onBrowsers('dark'),
  light: onBrowsers('light'),
};

/** Words after a background (preset or colour) that belong to it: "sunset background", "red bg". */
export const BACKGROUND_SUFFIX = new Set([
  'background',
  'backgrounds',
  'backdrop',
  'bg',
  'gradient',
  'wallpaper',
  'sky',
  'theme',
  'tones',
  'palette',
  'vibes',
  'colors',
  'colours',
  'color',
  'colour',
]);
/** Words before colours that introduce a background: "gradient from red to blue". */
export const BACKGROUND_PREFIX = new Set(['gradient', 'background', 'bg', 'backdrop']);
export const PREFIX_LINKS = new Set(['from', 'of', 'with', 'in', 'between']);
/** Words joining the colours of one gradient: "red to blue", "red and blue", "red/blue". */
export const COLOR_LINKS = new Set(['to', 'and', 'into', 'through', '&', '/', '+', '→', '->']);

/** Quote labels: the word before a quoted text says which text it is. */
export const TEXT_LABELS: Record<string, 'title' | 'subtitle' | 'badge'> = {
  title: 'title',
  titled: 'title',
  headline: 'title',
  heading: 'title',
  header: 'title',
  h1: 'title',
  subtitle: 'subtitle',
  subtitled: 'subtitle',
  tagline: 'subtitle',
  caption: 'subtitle',
  subheading: 'subtitle',
  subheadline: 'subtitle',
  subhead: 'subtitle',
  badge: 'badge',
  label: 'badge',
  tag: 'badge',
  pill: 'badge',
};
/** Words that may stand between a label and its quote: `badge saying "New"`, `title: "Hi"`. */
export const LABEL_FILLERS = new Set([
  'saying',
  'says',
  'reading',
  'reads',
  'that',
  'of',
  'text',
  'called',
  'named',
  'as',
]);

/** The colour parameter a colour sets when it is followed by one of these ("white title"). */
export const COLOR_TARGETS: Record<string, string> = {
  title: 'title_color',
  headline: 'title_color',
  heading: 'title_color',
  text: 'title_color',
  subtitle: 'subtitle_color',
  tagline: 'subtitle_color',
  caption: 'subtitle_color',
  badge: 'badge_color',
  label: 'badge_color',
  shadow: 'shadow_color',
  glow: 'shadow_color',
};

/** Words that join a phrase when they lead it ("on an iphone", "with a soft shadow"). */
export const LEAD_WORDS = new Set([
  'on',
  'in',
  'inside',
  'a',
  'an',
  'the',
  'with',
  'at',
  'as',
  'using',
  'into',
  'from',
  'for',
]);

/** Words never reported as not understood. */
export const STOP_WORDS = new Set([
  ...LEAD_WORDS,
  ...COLOR_LINKS,
  ...BACKGROUND_SUFFIX,
  ...LABEL_FILLERS,
  ...['shot', 'screenshot', 'screenshots', 'screen', 'capture', 'image', 'picture', 'photo', 'render'],
  ...['mockup', 'mock', 'frame', 'device', 'style', 'styled', 'look', 'looking', 'view', 'mode', 'effect'],
  ...['of', 'and', 'or', 'but', 'please', 'pls', 'my', 'our', 'your', 'this', 'that', 'it', 'its', 'is'],
  ...['be', 'make', 'made', 'give', 'me', 'i', 'we', 'you', 'want', 'would', 'like', 'can', 'could'],
  ...['some', 'very', 'really', 'super', 'nice', 'beautiful', 'pretty', 'cool', 'just', 'also', 'then'],
  ...['by', 'set', 'show', 'showing', 'site', 'website', 'page', 'app', 'solid', 'plain', 'kind', 'sort'],
  ...['slightly', 'bit', 'little', 'lot', 'more', 'much', 'too', 'so', 'all', 'one', 'it’s', "it's"],
]);

/**
 * The grammar's vocabulary for docs: parameter → the canonical phrase of each meaning.
 * Colour words (CSS names, hex), quoted texts, ratios ("16:9") and angles ("rotated 15°") are read
 * besides these.
 */
export const PROMPT_VOCABULARY: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(GRAMMAR).map(([param, entries]) => [
    param,
    entries.flatMap(([patterns]) => patterns.map((p) => expandPattern(p)[0]!)),
  ]),
);
