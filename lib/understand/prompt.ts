/**
 * @module understand/prompt
 * The `prompt` parameter (API.md §10): natural-language styling read by a grammar, not a model —
 * deterministic, offline, and every value it emits passes the capture schema. The prompt is cut
 * into words, quoted texts and separators (punctuation ends a phrase); at each word the longest
 * reading wins: a phrase of `prompt-vocabulary`, a frame colour next to a device, a colour run
 * ("red to blue gradient"), an angle ("rotated 15°") or a ratio ("16:9"). Later phrases win over
 * earlier ones; a background phrase replaces the whole earlier background. A frame colour is
 * checked against the device the whole prompt ends with, and is reported as ignored when that
 * device has no such colour. Quoted texts are never interpreted: a label before one (title,
 * subtitle, badge…) places it, unlabelled ones fill title, subtitle, badge in order.
 */
import { isColor } from '../css/color.ts';
import { gradientProblem } from '../css/gradient.ts';
import { ASPECT_RATIOS, type Device } from '../schemas/capture.ts';
import {
  BACKGROUND_KEYS,
  BACKGROUND_PREFIX,
  BACKGROUND_SUFFIX,
  COLOR_LINKS,
  COLOR_TARGETS,
  type DeviceColors,
  FRAME_ADJECTIVES,
  type Intent,
  LABEL_FILLERS,
  LEAD_WORDS,
  MAX_PHRASE_WORDS,
  type Params,
  PHRASES,
  PREFIX_LINKS,
  STOP_WORDS,
  TEXT_LABELS,
} from './prompt-vocabulary.ts';

export { PROMPT_VOCABULARY } from './prompt-vocabulary.ts';

export interface PromptReading {
  /** Contract parameters (API.md §3 names, valid values per lib/schemas/capture.ts) the prompt asks for. */
  params: Record<string, unknown>;
  /** What each understood phrase set, in reading order. A phrase read twice the same way is listed once. */
  understood: { phrase: string; sets: Record<string, unknown> }[];
  /** Words (or short phrases) it did not understand, lower-cased, in order, deduplicated; never stop words. */
  ignored: string[];
}

/** Longest `title`/`subtitle`/`badge` (the schema's cap). */
const MAX_TEXT = 120;
const TEXT_SLOTS = ['title', 'subtitle', 'badge'] as const;
type TextSlot = (typeof TEXT_SLOTS)[number];

interface Token {
  kind: 'word' | 'quote' | 'sep';
  /** A word lower-cased, a quote's inner text as written, a separator's character. */
  text: string;
  start: number;
  end: number;
}

/**
 * Quotes (closed, or running to the end); a hyphen inside a word, which joins like a space
 * ("close-up" is "close up"); words, numbers, ratios, hex colours, colour joiners. Any other
 * mark separates phrases.
 */
const TOKEN = new RegExp(
  [
    '"(?<q1>[^"]*)(?:"|$)',
    '“(?<q2>[^”]*)(?:”|$)',
    '„(?<q3>[^“”]*)(?:[“”]|$)',
    '«(?<q4>[^»]*)(?:»|$)',
    '「(?<q5>[^」]*)(?:」|$)',
    '『(?<q6>[^』]*)(?:』|$)',
    '‘(?<q7>[^’]*)’',
    String.raw`(?<![\p{L}\p{N}])'(?<q8>[^']*)'(?![\p{L}\p{N}])`,
    String.raw`(?<join>(?<=[\p{L}\p{N}])-(?=[\p{L}\p{N}]))`,
    String.raw`(?<word>\d+:\d+|(?<![\p{L}\p{N}.])-?\d+(?:\.\d+)?(?![\p{L}\p{N}])|#[\p{L}\p{N}]+|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|->|[→&+/°])`,
    String.raw`(?<sep>\S)`,
  ].join('|'),
  'gu',
);

function tokenize(prompt: string): Token[] {
  const tokens: Token[] = [];
  for (const m of prompt.matchAll(TOKEN)) {
    const g = m.groups!;
    const start = m.index;
    const end = start + m[0].length;
    const quote = [g.q1, g.q2, g.q3, g.q4, g.q5, g.q6, g.q7, g.q8].find((q) => q !== undefined);
    if (quote !== undefined) tokens.push({ kind: 'quote', text: quote, start, end });
    else if (g.join !== undefined) continue;
    else if (g.word !== undefined) tokens.push({ kind: 'word', text: g.word.toLowerCase(), start, end });
    else tokens.push({ kind: 'sep', text: m[0], start, end });
  }
  return tokens;
}

/** One reading at a word: where it ends and what it does (`framed`: a device with its colour). */
interface Match {
  end: number;
  intent:
    | Intent
    | { kind: 'framed'; device: Intent; colors: DeviceColors; colorAt: number; colorEnd: number };
}

type PhraseMatch = Match & { intent: Intent };

interface Entry {
  at: number;
  phrase: string;
  sets: Params;
}

/** Reads a styling prompt into capture parameters; see the module header for the grammar. */
export function readPrompt(prompt: string): PromptReading {
  const tokens = tokenize(prompt);
  const reader = new Reader(prompt, tokens);
  const labels = labelQuotes(tokens, reader.claimed);
  let lead = -1;
  for (let i = 0; i < tokens.length; ) {
    const word = reader.word(i);
    if (word === undefined) {
      lead = -1;
      i++;
      continue;
    }
    const match = reader.matchAt(i);
    if (!match) {
      if (LEAD_WORDS.has(word)) lead = lead < 0 ? i : lead;
      else {
        lead = -1;
        if (!STOP_WORDS.has(word)) reader.ignore(i, word);
      }
      i++;
      continue;
    }
    reader.apply(match, lead < 0 ? i : lead, i);
    lead = -1;
    i = match.end;
  }
  reader.placeTexts(labels);
  return reader.finish();
}

/**
 * The label of each quote: the label word before it, past fillers and `:`/`=` (`badge saying
 * "New"`, `title: "Hi"`). Label and fillers are claimed: they belong to the quote's phrase.
 */
function labelQuotes(tokens: Token[], claimed: Set<number>): Map<number, { slot?: TextSlot; from: number }> {
  const labels = new Map<number, { slot?: TextSlot; from: number }>();
  tokens.forEach((t, q) => {
    if (t.kind !== 'quote') return;
    let k = q - 1;
    while (k >= 0 && k >= q - 4) {
      const p = tokens[k]!;
      if (p.kind === 'word' && TEXT_LABELS[p.text] && !claimed.has(k)) {
        for (let c = k; c < q; c++) claimed.add(c);
        labels.set(q, { slot: TEXT_LABELS[p.text], from: k });
        return;
      }
      const filler =
        p.kind === 'word' ? LABEL_FILLERS.has(p.text) : p.kind === 'sep' && ':='.includes(p.text);
      if (!filler) break;
      k--;
    }
    labels.set(q, { from: q });
  });
  return labels;
}

/** The reading state of one prompt. */
class Reader {
  readonly claimed = new Set<number>();
  private readonly phrases = new Map<number, PhraseMatch | undefined>();
  private readonly params: Params = {};
  private readonly entries: Entry[] = [];
  private readonly ignored: { at: number; text: string }[] = [];
  private readonly frameColors: { entry: Entry; colors: DeviceColors; at: number; text: string }[] = [];

  constructor(
    private readonly prompt: string,
    private readonly tokens: Token[],
  ) {}

  /** The word at `i`, free or a quote's label. */
  private anyWord(i: number): string {
    const t = this.tokens[i];
    return t?.kind === 'word' ? t.text : '';
  }

  /** The word at `i` when it is free to read (not a quote, a separator or a quote's label). */
  word(i: number): string | undefined {
    const t = this.tokens[i];
    return t?.kind === 'word' && !this.claimed.has(i) ? t.text : undefined;
  }

  ignore(at: number, text: string) {
    this.ignored.push({ at, text });
  }

  /** The longest reading at `i`; on a tie the earlier kind in this list wins. */
  matchAt(i: number): Match | undefined {
    const candidates = [this.framed(i), this.phrase(i), this.roll(i), this.ratio(i), this.colors(i)];
    let best: Match | undefined;
    for (const c of candidates) if (c && (!best || c.end > best.end)) best = c;
    return best;
  }

  /** The longest vocabulary phrase starting at `i` (each looked up once: readings ask again). */
  private phrase(i: number): PhraseMatch | undefined {
    if (!this.phrases.has(i)) this.phrases.set(i, this.lookUp(i));
    return this.phrases.get(i);
  }

  private lookUp(i: number): PhraseMatch | undefined {
    const words: string[] = [];
    for (let j = i; j < i + MAX_PHRASE_WORDS && this.word(j) !== undefined; j++) words.push(this.word(j)!);
    for (let n = words.length; n > 0; n--) {
      const intent = PHRASES.get(words.slice(0, n).join(' '));
      if (intent) return { end: this.absorbBackground(intent, i + n), intent };
    }
    return undefined;
  }

  /** "sunset background", "ocean vibes": words after a background that belong to it. */
  private absorbBackground(intent: Intent, end: number): number {
    if (intent.kind !== 'set' || !BACKGROUND_KEYS.some((k) => k in intent.sets)) return end;
    while (BACKGROUND_SUFFIX.has(this.word(end) ?? '')) end++;
    return end;
  }

  /** A device phrase at `i`: the device it names (a generic browser as browser-macos). */
  private device(i: number): { end: number; intent: Intent; device: Device } | undefined {
    const m = this.phrase(i);
    if (m?.intent.kind === 'browser') return { ...m, device: 'browser-macos' };
    const device = m?.intent.kind === 'set' ? m.intent.sets.device : undefined;
    return m && typeof device === 'string' ? { ...m, device: device as Device } : undefined;
  }

  /** A frame colour at `i`: a colour phrase ("space black") or an adjective ("black"). */
  private frameColor(i: number): { end: number; colors: DeviceColors } | undefined {
    const m = this.phrase(i);
    if (m?.intent.kind === 'device-color') return { end: m.end, colors: m.intent.colors };
    const adjective = FRAME_ADJECTIVES[this.word(i) ?? ''];
    return adjective ? { end: i + 1, colors: adjective } : undefined;
  }

  /** "black iphone", "dark browser", "macbook in silver": a device and a colour it comes in. */
  private framed(i: number): Match | undefined {
    const color = this.frameColor(i);
    const after = color && this.device(color.end);
    if (color && after && color.colors[after.device]) {
      return {
        end: after.end,
        intent: { kind: 'framed', device: after.intent, ...color, colorAt: i, colorEnd: color.end },
      };
    }
    const before = this.device(i);
    if (!before) return undefined;
    const at =
      this.word(before.end) === 'in' || this.word(before.end) === 'with' ? before.end + 1 : before.end;
    const trailing = this.frameColor(at);
    if (!trailing?.colors[before.device]) return undefined;
    // "browser dark mode", "iphone black background": the colour word starts a phrase of its own.
    const next = this.anyWord(trailing.end);
    if (BACKGROUND_SUFFIX.has(next) || COLOR_TARGETS[next] || (this.phrase(at)?.end ?? 0) > trailing.end) {
      return undefined;
    }
    return {
      end: trailing.end,
      intent: {
        kind: 'framed',
        device: before.intent,
        colors: trailing.colors,
        colorAt: at,
        colorEnd: trailing.end,
      },
    };
  }

  /** A CSS colour at `i`: a hex, a name, or a two-word name ("sky blue" → skyblue). */
  private color(i: number): { end: number; value: string } | undefined {
    const a = this.word(i);
    const b = this.word(i + 1);
    if (a === undefined) return undefined;
    if (b !== undefined && !a.startsWith('#') && isColor(a + b)) return { end: i + 2, value: a + b };
    return a !== 'transparent' && isColor(a) ? { end: i + 1, value: a } : undefined;
  }

  /**
   * `[gradient|background [from|of]] colour ([to|and|/…] colour)* [background|gradient…]`: one
   * colour is a solid background, two to four a custom gradient; one colour before a text word
   * colours that text ("white title").
   */
  private colors(i: number): Match | undefined {
    let j = i;
    const prefixed = BACKGROUND_PREFIX.has(this.word(j) ?? '');
    if (prefixed) j += PREFIX_LINKS.has(this.word(j + 1) ?? '') ? 2 : 1;
    const first = this.color(j);
    if (!first) return undefined;
    const colors = [first.value];
    j = first.end;
    while (colors.length < 4) {
      const next = this.color(COLOR_LINKS.has(this.word(j) ?? '') ? j + 1 : j);
      if (!next || COLOR_TARGETS[this.anyWord(next.end)]) break;
      colors.push(next.value);
      j = next.end;
    }
    const target = COLOR_TARGETS[this.anyWord(j)];
    if (colors.length === 1 && !prefixed && target) {
      const sets: Params = { [target]: first.value };
      if (this.anyWord(j) === 'glow') sets.shadow = 'glow';
      return { end: this.word(j) === undefined ? j : j + 1, intent: { kind: 'set', sets } };
    }
    while (BACKGROUND_SUFFIX.has(this.word(j) ?? '')) j++;
    const gradient = `linear-gradient(135deg, ${colors.join(', ')})`;
    const sets: Params =
      colors.length > 1 && gradientProblem(gradient) === null
        ? { background_style: 'gradient', background_preset: 'custom', background_gradient: gradient }
        : { background_style: 'solid', background_color: first.value };
    return { end: j, intent: { kind: 'set', sets } };
  }

  /** `rotated [by] N [degrees|°] [clockwise|counterclockwise|left|right]`, or `N degrees|°` alone. */
  private roll(i: number): Match | undefined {
    const rotate = /^(rotated?|rotation|rotating|roll|rolled|spun|turned)$/.test(this.word(i) ?? '');
    let j = rotate ? i + 1 : i;
    if (rotate && (this.word(j) === 'by' || this.word(j) === 'at')) j++;
    const n = Number(this.word(j));
    if (!/^-?\d+(\.\d+)?$/.test(this.word(j) ?? '') || !Number.isFinite(n)) return undefined;
    j++;
    const unit = /^(degrees?|deg|°)$/.test(this.word(j) ?? '');
    if (!rotate && !unit) return undefined;
    if (unit) j++;
    const twoWords = this.word(j) === 'counter' && this.word(j + 1) === 'clockwise';
    const turn = twoWords ? 'counterclockwise' : (this.word(j) ?? '');
    const ccw = /^(counterclockwise|anticlockwise|ccw)$/.test(turn) || (rotate && turn === 'left');
    const cw = /^(clockwise|cw)$/.test(turn) || (rotate && turn === 'right');
    if (ccw || cw) j += twoWords ? 2 : 1;
    const roll = Math.max(-60, Math.min(60, ccw ? -Math.abs(n) : cw ? Math.abs(n) : n));
    return { end: j, intent: { kind: 'set', sets: { roll: roll === 0 ? 0 : roll } } };
  }

  /** A literal ratio the contract knows ("16:9"). */
  private ratio(i: number): Match | undefined {
    const w = this.word(i);
    if (!w || !(ASPECT_RATIOS as readonly string[]).includes(w) || w === 'auto') return undefined;
    return { end: i + 1, intent: { kind: 'set', sets: { aspect_ratio: w } } };
  }

  /** Applies a reading; its phrase runs from `from` (leading words included) to its end. */
  apply(match: Match, from: number, at: number) {
    const phrase = this.text(from, match.end);
    const { intent } = match;
    if (intent.kind === 'framed') {
      const entry = this.understand(from, phrase, this.setDevice(intent.device));
      const text = this.text(intent.colorAt, intent.colorEnd).toLowerCase();
      this.frameColors.push({ entry, colors: intent.colors, at: intent.colorAt, text });
    } else if (intent.kind === 'device-color') {
      const entry = this.understand(from, phrase, {});
      this.frameColors.push({
        entry,
        colors: intent.colors,
        at,
        text: this.text(at, match.end).toLowerCase(),
      });
    } else {
      this.understand(from, phrase, this.setDevice(intent));
    }
  }

  private setDevice(intent: Intent): Params {
    if (intent.kind === 'browser') {
      const current = this.params.device;
      const keep = current === 'browser-macos' || current === 'browser-windows';
      return this.set({ device: keep ? current : 'browser-macos' });
    }
    return intent.kind === 'set' ? this.set(intent.sets) : {};
  }

  /** Sets parameters, later over earlier: a background replaces the earlier one, output merges. */
  private set(sets: Params): Params {
    if (BACKGROUND_KEYS.some((k) => k in sets)) for (const k of BACKGROUND_KEYS) delete this.params[k];
    for (const [k, v] of Object.entries(sets)) {
      if (v === undefined) delete this.params[k];
      else if (k === 'output') this.params.output = { ...(this.params.output as Params), ...(v as Params) };
      else this.params[k] = v;
    }
    return { ...sets };
  }

  private understand(at: number, phrase: string, sets: Params): Entry {
    const entry = { at, phrase, sets };
    this.entries.push(entry);
    return entry;
  }

  /** The prompt's own text of tokens `from`…`end - 1`, spaces collapsed. */
  private text(from: number, end: number): string {
    return this.prompt
      .slice(this.tokens[from]!.start, this.tokens[end - 1]!.end)
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** Labelled quotes take their slot (later wins); unlabelled ones fill the slots left, in order. */
  placeTexts(labels: Map<number, { slot?: TextSlot; from: number }>) {
    const quotes = [...labels].map(([q, l]) => ({ q, ...l, text: capText(this.tokens[q]!.text) }));
    const taken = new Set(quotes.flatMap((l) => (l.slot && l.text ? [l.slot] : [])));
    for (const quote of quotes) {
      if (!quote.text) continue;
      const slot = quote.slot ?? TEXT_SLOTS.find((s) => !taken.has(s));
      const phrase = this.text(quote.from, quote.q + 1);
      if (!slot) {
        this.ignore(quote.from, phrase);
        continue;
      }
      taken.add(slot);
      this.understand(quote.from, phrase, this.set({ [slot]: quote.text }));
    }
  }

  /** Frame colours against the final device, then everything in reading order. */
  finish(): PromptReading {
    const device = this.params.device as Device | undefined;
    for (const { entry, colors, at, text } of this.frameColors) {
      const color = device && colors[device];
      if (color) {
        entry.sets.device_color = color;
        this.params.device_color = color;
      } else {
        this.ignore(at, text);
        if (Object.keys(entry.sets).length === 0) this.entries.splice(this.entries.indexOf(entry), 1);
      }
    }
    const understood = uniqueBy(
      this.entries.sort((a, b) => a.at - b.at).map(({ phrase, sets }) => ({ phrase, sets })),
      (e) => e.phrase + JSON.stringify(e.sets),
    );
    const ignored = uniqueBy(
      this.ignored.sort((a, b) => a.at - b.at).map((w) => w.text),
      (w) => w,
    );
    return { params: this.params, understood, ignored };
  }
}

/** The first of each key, in order. */
function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

/** A quoted text trimmed and cut to the schema's 120 UTF-16 units on a grapheme boundary. */
function capText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_TEXT) return trimmed;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)) {
    if (out.length + segment.length > MAX_TEXT) break;
    out += segment;
  }
  return out.trim();
}
