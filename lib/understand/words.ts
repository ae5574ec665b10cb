/**
 * @module understand/words
 * The vocabulary `element` descriptions and page signals are compared in: words reduced to a
 * match key by a small rule-based lemmatiser (plurals, -ing, -ed, a few irregulars), phrases
 * mapped to concepts (`"table of contents"` → `@toc`, `"sign up"` → `@signup`, `plan` → `@pricing`)
 * and ordinals (`first`, `2nd`, `last`). Both sides go through the same `terms()`, so a class
 * name `pricingTable`, a heading "Plans & Pricing" and the description "the pricing table" meet
 * on the same terms.
 */

import { FOREIGN, LEXICON } from './lexicon.ts';

/** A term is a concept (`@pricing`) or the match key of a word outside the lexicon (`enterpris`). */
export type Term = string;

const IRREGULAR: Record<string, string> = {
  children: 'child',
  people: 'person',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  indices: 'index',
  analyses: 'analysis',
  criteria: 'criterion',
  quizzes: 'quiz',
  bought: 'buy',
  sold: 'sell',
  said: 'say',
  says: 'say',
  saying: 'say',
  news: 'news',
  series: 'series',
  status: 'status',
  analytics: 'analytics',
  plus: 'plus',
  us: 'us',
  has: 'have',
  was: 'be',
  is: 'be',
  are: 'be',
};

const VOWEL = /[aeiouy]/;

/** The lemma of a lowercase word: `plans` → `plan`, `pricing` → `price`, `featured` → `feature`. */
export function lemma(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR[w];
  if (irregular) return irregular;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(ss|us|is|ous)$/.test(w)) return w;
  if (/(sses|xes|ches|shes|zzes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 6) return restoreStem(w.slice(0, -3));
  if (w.endsWith('ied') && w.length >= 5) return w.slice(0, -3) + 'y';
  if (w.endsWith('ed') && w.length >= 5) return restoreStem(w.slice(0, -2));
  return w;
}

/** `runn` → `run`, `pric` → `price`, `list` → `list` (the stem left by -ing/-ed). */
function restoreStem(stem: string): string {
  const n = stem.length;
  if (n >= 3 && stem[n - 1] === stem[n - 2] && !'lsz'.includes(stem[n - 1]!)) return stem.slice(0, -1);
  const groups = stem.match(/[aeiouy]+/g)?.length ?? 0;
  const cvc = n >= 3 && !VOWEL.test(stem[n - 1]!) && VOWEL.test(stem[n - 2]!) && !VOWEL.test(stem[n - 3]!);
  if (groups === 1 && cvc && !'wxy'.includes(stem[n - 1]!)) return stem + 'e';
  return stem;
}

/** What two words are compared by: the lemma without a final `e` (`feature`, `featur(ing)` meet). */
export function wordKey(word: string): string {
  const l = lemma(word);
  return l.length > 3 && l.endsWith('e') ? l.slice(0, -1) : l;
}

/** What the description asks for besides its topic: a section, one item, a bar, the whole page. */
export type Shape = 'section' | 'item' | 'bar' | 'whole';

/** Words that name the shape of a part, not its topic: they steer container vs item, never match. */
const SHAPES: Record<string, Shape> = {
  section: 'section',
  block: 'section',
  area: 'section',
  region: 'section',
  part: 'section',
  container: 'section',
  module: 'section',
  panel: 'section',
  widget: 'section',
  component: 'section',
  wrapper: 'section',
  box: 'section',
  strip: 'bar',
  band: 'section',
  banner: 'section',
  row: 'section',
  column: 'section',
  card: 'item',
  item: 'item',
  tile: 'item',
  bar: 'bar',
  one: 'item',
  option: 'item',
  page: 'whole',
  site: 'whole',
  screen: 'whole',
  website: 'whole',
};

const STOP = new Set(
  'the a an of on in at to for and or with my our your their its this that these those from by de la le el is be are show me capture screenshot element all any some just only please'.split(
    ' ',
  ),
);

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  last: -1,
  final: -1,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  '5th': 5,
  '6th': 6,
  '7th': 7,
  '8th': 8,
  '9th': 9,
  '10th': 10,
};

/** Is a word written in a script without spaces between words, or with clitics attached? */
const JOINED = /[\u0590-\u06ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/** Non-Latin forms by their first character, longest first: matched inside runs of text. */
const INFIXES: Map<string, { form: string; concept: string }[]> = new Map();

/** Phrases by their first word key, longest first: `key[] → concept`. */
const PHRASES: Map<string, { keys: string[]; concept: string }[]> = (() => {
  const byFirst = new Map<string, { keys: string[]; concept: string }[]>();
  for (const [concept, phrases] of Object.entries(LEXICON)) {
    for (const phrase of phrases) {
      const keys = splitWords(phrase).map(wordKey);
      const list = byFirst.get(keys[0]!) ?? [];
      list.push({ keys, concept: '@' + concept });
      byFirst.set(keys[0]!, list);
    }
  }
  for (const [concept, forms] of Object.entries(FOREIGN)) {
    for (const form of forms.split(' ')) {
      if (JOINED.test(form)) {
        const list = INFIXES.get(form[0]!) ?? [];
        list.push({ form, concept: '@' + concept });
        INFIXES.set(form[0]!, list);
        continue;
      }
      const keys = splitWords(form).map(wordKey);
      if (keys.length === 0 || byFirst.get(keys[0]!)?.some((p) => p.keys.join(' ') === keys.join(' ')))
        continue;
      const list = byFirst.get(keys[0]!) ?? [];
      list.push({ keys, concept: '@' + concept });
      byFirst.set(keys[0]!, list);
    }
  }
  for (const list of INFIXES.values()) list.sort((a, b) => b.form.length - a.form.length);
  for (const list of byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  return byFirst;
})();

/** Lowercase words of a text, identifiers split: `pricingTable`, `pricing-table`, `pricing_table`. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/q&a/g, 'qa')
    .split(/[^a-z0-9\u00c0-\uffff]+/)
    .filter((w) => w.length > 0);
}

/**
 * The terms of a text: concepts for lexicon phrases, match keys for other words; stopwords dropped.
 * With `literals`, the keys of the words inside phrases too (`example` beside `@code`).
 */
export function terms(text: string, literals = false): Term[] {
  const keys = splitWords(text).map(wordKey);
  const out: Term[] = [];
  for (let i = 0; i < keys.length; ) {
    const key = keys[i]!;
    const phrase = PHRASES.get(key)?.find((p) => p.keys.every((k, j) => keys[i + j] === k));
    if (phrase) {
      out.push(phrase.concept);
      if (literals) for (const k of phrase.keys) if (!STOP.has(k) && k.length > 1) out.push(k);
      i += phrase.keys.length;
      continue;
    }
    if (!STOP.has(key) && key.length > 1 && !/^\d+$/.test(key)) out.push(key);
    if (JOINED.test(key)) out.push(...infixes(key));
    i++;
  }
  return out;
}

/** Articles and conjunctions Arabic and Hebrew write joined to the next word. */
const CLITIC = /^(?:وال|بال|فال|كال|لل|ال|و|ب|ل|ف|ك|וה|שה|בה|מה|לה|ה|ו|ב|ל|מ|ש|כ)/;

/**
 * The concepts named inside a run of CJK or Korean text, left to right. An Arabic or Hebrew word
 * is one form with a clitic before it and at most a short suffix after (`المراجعات`), never a
 * substring anywhere (`صور` "pictures" is inside the name `المنصوري`).
 */
function infixes(run: string): Term[] {
  if (/[\u0590-\u06ff]/.test(run)) {
    for (const word of [run, run.replace(CLITIC, '')]) {
      const hit = INFIXES.get(word[0] ?? '')?.find(
        (f) => word.startsWith(f.form) && word.length - f.form.length <= 2,
      );
      if (hit) return [hit.concept];
    }
    return [];
  }
  const out: Term[] = [];
  for (let i = 0; i < run.length; ) {
    const hit = INFIXES.get(run[i]!)?.find((f) => run.startsWith(f.form, i));
    if (hit) out.push(hit.concept);
    i += hit ? hit.form.length : 1;
  }
  return out;
}

export interface ParsedDescription {
  /** Topic terms, in order, without shapes and ordinals. */
  terms: Term[];
  /** Words the lexicon turned into concepts, kept to tell apart what the concepts alone cannot. */
  literals: Term[];
  /** 1-based position among similar items; -1 is the last; absent when none is named. */
  ordinal?: number;
  /** What the shape words ask for. */
  shape?: Shape;
  /** The description names a single item (`testimonial`, not `testimonials`). */
  singular: boolean;
}

/** "the second plan" → `{ terms: ['@pricing'], ordinal: 2, shape: undefined, singular: true }`. */
export function parseDescription(description: string): ParsedDescription {
  const words = splitWords(description);
  let ordinal: number | undefined;
  let shape: ParsedDescription['shape'];
  const kept: string[] = [];
  for (const [i, word] of words.entries()) {
    const n = ORDINALS[word];
    if (n !== undefined && ordinal === undefined) {
      ordinal = n;
      continue;
    }
    const s = SHAPES[wordKey(word)];
    if (s && !isPartOfPhrase(words, i)) {
      shape ??= s;
      continue;
    }
    kept.push(word);
  }
  // Only shape words ("banner"): they are the topic then.
  const found = kept.length > 0 ? terms(kept.join(' ')) : terms(words.join(' ')).filter((t) => !shape || t);
  if (kept.length === 0) shape = undefined;
  const literals = terms(kept.join(' '), true).filter((t) => !t.startsWith('@') && !found.includes(t));
  const last = words.at(-1) ?? '';
  const singular = !(last.endsWith('s') && lemma(last) !== last);
  return { terms: found, literals, ordinal, shape, singular };
}

/** Is `words[i]` inside a lexicon phrase ("search bar", "side bar") rather than a shape on its own? */
function isPartOfPhrase(words: string[], i: number): boolean {
  const keys = words.map(wordKey);
  for (let start = Math.max(0, i - 3); start <= i; start++) {
    for (const p of PHRASES.get(keys[start]!) ?? []) {
      if (p.keys.length > 1 && start + p.keys.length > i && p.keys.every((k, j) => keys[start + j] === k))
        return true;
    }
  }
  return false;
}
