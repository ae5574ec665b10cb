/**
 * @module understand/element
 * `element`: a natural-language description ("the pricing table", "second plan") resolved to one
 * of the page's candidates (`collectCandidates`), offline and deterministically. Each candidate is
 * scored by how much of the description its own signals say — what it is (tag, role, structure),
 * what it is called (aria-label, heading, id and class words), what it contains (text) — then by
 * size and position priors; an ordinal picks one item among similar siblings of the group that
 * matches best. Equal scores fall to document order, so the same page gives the same answer.
 */
import type { Candidate } from './candidates.ts';
import type { ElementMatch } from './types.ts';
import { type ParsedDescription, parseDescription, type Term, terms } from './words.ts';

/** Below this the best match is reported but not trusted (`confident: false`). */
export const ELEMENT_THRESHOLD = 0.4;

export interface Resolution {
  best?: ElementMatch;
  /** The next best (up to 3), best first. */
  alternatives: ElementMatch[];
  confident: boolean;
}

/** How strongly each field of a candidate vouches for a term it contains. */
const FIELD = {
  label: 0.95,
  heading: 0.9,
  names: 0.8,
  heading_above: 0.6,
  fields: 0.6,
  context: 0.45,
  text: 0.35,
} as const;

/** What structure says, as concept → strength (a `<table>` is a table; a section holding one, less). */
const KIND_TERMS: Record<string, [Term, number][]> = {
  table: [['@table', 1]],
  hastable: [['@table', 0.4]],
  form: [['@form', 1]],
  inputs: [['@form', 0.55]],
  password: [['@login', 0.8]],
  control: [['button', 1]],
  chart: [
    ['@chart', 1],
    ['@visual', 0.6],
  ],
  haschart: [
    ['@chart', 0.6],
    ['@visual', 0.3],
  ],
  code: [['@code', 1]],
  hascode: [['@code', 0.5]],
  list: [['@list', 0.8]],
  links: [
    ['@nav', 0.4],
    ['@toc', 0.3],
  ],
  cards: [
    ['@table', 0.7],
    ['@list', 0.5],
  ],
  // "The pricing table" of most pages is its plan cards.
  plans: [
    ['@pricing', 0.9],
    ['@table', 0.6],
  ],
  quotes: [['@testimonial', 0.85]],
  questions: [['@faq', 0.85]],
  question: [['@faq', 0.5]],
  features: [['@feature', 0.5]],
  gallery: [
    ['@gallery', 0.8],
    ['@visual', 0.6],
  ],
  image: [
    ['@gallery', 0.4],
    ['@visual', 0.8],
  ],
  video: [['@video', 1]],
  prices: [['@pricing', 0.6]],
  quote: [['@testimonial', 0.6]],
  figure: [['@visual', 0.5]],
  topbar: [
    ['@nav', 0.9],
    ['@header', 0.9],
  ],
  bottombar: [['@footer', 0.7]],
  copyright: [['@footer', 0.5]],
  headline: [
    ['@hero', 0.6],
    ['@headline', 0.6],
  ],
  buttons: [['button', 0.9]],
  sidebar: [
    ['@sidebar', 0.8],
    ['@nav', 0.5],
  ],
  // A row of short figures is a dashboard's KPIs, a landing page's numbers, a product's key specs.
  stats: [
    ['@stats', 0.85],
    ['@specs', 0.5],
  ],
  search: [['@search', 0.95]],
  endpoint: [
    ['@endpoint', 1],
    ['@code', 0.3],
  ],
  mailto: [['@contact', 0.6]],
  avatar: [
    ['@avatar', 0.95],
    ['@visual', 0.5],
    ['@profile', 0.4],
  ],
  picture: [['@visual', 0.7]],
  gradient: [['@gradient', 0.9]],
  toggle: [['@toggle', 0.95]],
  steps: [
    ['@steps', 0.9],
    ['@checkout', 0.3],
  ],
  logo: [['@logo', 0.9]],
  request: [['@request', 0.7]],
  // An email box with its button, wherever it is: a newsletter or waitlist signup.
  subscribe: [
    ['@signup', 0.85],
    ['@form', 0.8],
  ],
  filters: [
    ['@filter', 0.85],
    ['@form', 0.3],
  ],
  announce: [['@notice', 0.8]],
  pages: [['@pagination', 0.9]],
  // Dated posts side by side: a blog index, a changelog, a news list.
  entries: [
    ['@article', 0.7],
    ['@list', 0.6],
  ],
  entry: [['@article', 0.6]],
  products: [
    ['@product', 0.8],
    ['@gallery', 0.4],
  ],
  product: [['@product', 0.8]],
  price: [['@pricing', 0.85]],
  dated: [['@author', 0.85]],
  byline: [['@author', 0.9]],
};

const TAG_TERMS: Record<string, [Term, number][]> = {
  button: [['button', 1]],
  h1: [['@headline', 1]],
  input: [['@field', 1]],
  select: [['@field', 1]],
  textarea: [['@field', 1]],
  canvas: [['canvas', 1]],
  svg: [['svg', 1]],
  img: [['img', 1]],
  aside: [['@sidebar', 0.3]],
};

const ROLE_TERMS: Record<string, [Term, number][]> = {
  banner: [
    ['@header', 1],
    ['@nav', 0.6],
  ],
  navigation: [['@nav', 1]],
  contentinfo: [['@footer', 1]],
  complementary: [['@sidebar', 0.8]],
  form: [['@form', 1]],
  search: [['@search', 1]],
  table: [['@table', 1]],
  grid: [['@table', 0.9]],
  article: [['@article', 0.7]],
  dialog: [['@dialog', 1]],
  alert: [['@notice', 1]],
  tablist: [['@tabs', 1]],
  img: [['@visual', 0.6]],
  main: [['main', 1]],
};

/** Query terms that say what kind of thing, not what about: they weigh less beside a topic. */
const KIND_QUERY = new Set(['@table', '@list', '@form']);

interface Scored {
  candidate: Candidate;
  score: number;
}

/**
 * The candidate the description means, with the next three. Pure: the same description and
 * candidates give the same answer.
 */
export function resolveDescription(description: string, candidates: Candidate[]): Resolution {
  const query = parseDescription(description);
  if (query.terms.length === 0 || candidates.length === 0) return { alternatives: [], confident: false };
  const signals = candidates.map(termStrengths);
  liftToSections(candidates, signals);
  const weights = queryWeights(query, signals);
  const literals = new Map(query.literals.filter((t) => signals.some((s) => s.has(t))).map((t) => [t, 1]));
  // The words behind the concepts only tell near ties apart ("code example" vs "code block"): ≤ 10 %.
  const own = candidates.map((c, i) => {
    const context = contextStrengths(c, candidates);
    const words = literals.size ? coverage(literals, signals[i]!, context) : 1;
    // A title row ("This week's favourites  See all →") is named like its section but is not it.
    const parent = candidates[c.parent];
    const titleRow = !!c.heading && c.text_length <= c.heading.length + 40 && parent?.heading === c.heading;
    // Code titled "Response" or "Output" is what a call returns, not the example of the call.
    const response = !query.terms.includes('@response') && titledResponse(c, parent);
    return (
      coverage(weights, signals[i]!, context) *
      (0.9 + 0.1 * words) *
      (titleRow ? 0.85 : 1) *
      (response ? 0.9 : 1)
    );
  });
  const page = pageBox(candidates);
  const siblings = siblingScores(candidates, own);
  let ranked: Scored[] = candidates.map((c, i) => ({
    candidate: c,
    score: own[i]! * priors(c, query, page, own[i]!, siblings.get(c.group?.id ?? -1) ?? 0),
  }));
  ranked.sort(byScore);
  const picked = query.ordinal !== undefined ? pickByOrdinal(query, candidates, own) : undefined;
  if (picked) ranked = [picked, ...ranked.filter((s) => s.candidate !== picked.candidate)];
  else if (ranked[0]) ranked[0] = frameOf(ranked[0], candidates, query);
  const [best, ...rest] = ranked.filter((s) => s.score > 0);
  if (!best) return { alternatives: [], confident: false };
  return {
    best: toMatch(best),
    alternatives: rest
      .filter((s) => s.candidate !== best.candidate)
      .slice(0, 3)
      .map(toMatch),
    confident: best.score >= ELEMENT_THRESHOLD,
  };
}

const byScore = (a: Scored, b: Scored) => b.score - a.score || a.candidate.index - b.candidate.index;

/**
 * A chart, code block, table or form is cropped with the card that frames it: the outermost framed
 * ancestor (border, shadow or own background) that adds little around it — a title bar, a heading,
 * a legend — which is what a person cuts out. Controls and ordinal picks are kept as they are.
 */
function frameOf(best: Scored, candidates: Candidate[], query: ParsedDescription): Scored {
  const c = best.candidate;
  if (c.kinds.includes('control') || c.tag === 'a' || query.shape === 'whole') return best;
  const area = c.box.width * c.box.height;
  let chosen = c;
  for (let p = c.parent, hops = 0; p >= 0 && hops < 4; p = candidates[p]!.parent, hops++) {
    const a = candidates[p]!;
    if (a.box.width * a.box.height > area * 3.5 || a.text_length - c.text_length > 400) break;
    if (a.framed) chosen = a;
  }
  return chosen === c ? best : { candidate: chosen, score: best.score };
}

/** Per group: the mean own score of its members (does the description fit them all?). */
function siblingScores(candidates: Candidate[], own: number[]): Map<number, number> {
  const sums = new Map<number, number>();
  for (const c of candidates) if (c.group) sums.set(c.group.id, (sums.get(c.group.id) ?? 0) + own[c.index]!);
  const means = new Map<number, number>();
  for (const c of candidates) if (c.group) means.set(c.group.id, sums.get(c.group.id)! / c.group.size);
  return means;
}

type Strengths = Map<Term, number>;

/** Combines independent evidence: two fields at 0.8 and 0.6 say 0.92. */
function add(map: Strengths, term: Term, strength: number): void {
  const prior = map.get(term) ?? 0;
  map.set(term, 1 - (1 - prior) * (1 - strength));
}

/** Every term the candidate's own signals name, with how strongly. */
function termStrengths(c: Candidate): Strengths {
  const map: Strengths = new Map();
  for (const kind of c.kinds) for (const [t, s] of KIND_TERMS[kind] ?? []) add(map, t, s);
  for (const [t, s] of ROLE_TERMS[c.role] ?? []) add(map, t, s);
  for (const [t, s] of TAG_TERMS[c.tag] ?? []) add(map, t, s);
  const fields: [string, number][] = [
    [c.label, FIELD.label],
    [c.heading, FIELD.heading],
    [c.names, FIELD.names],
    [c.heading_above, c.heading ? FIELD.context : FIELD.heading_above],
    [c.fields, FIELD.fields],
    // A short text is the element's own label ("Total $124.40", "Log in").
    // …and a long text of links (a table of contents, a menu) names the places it links to.
    [c.text, (c.text_length <= 60 ? 0.7 : FIELD.text) * (c.kinds.includes('links') ? 0.5 : 1)],
  ];
  for (const [text, strength] of fields)
    for (const t of new Set(terms(text, true)))
      add(
        map,
        t,
        THINGS.has(t) && text !== c.label && text !== c.fields && text !== c.names
          ? strength * 0.6
          : strength,
      );
  for (const [t, implied, strength] of IMPLIES) {
    const s = map.get(t);
    if (s) add(map, implied, s * strength);
  }
  return map;
}

/**
 * Concepts that name what an element is by its make, not its topic: a text that mentions one
 * ("Can I switch plans?", "Search our docs") says less than a name, a label or the structure.
 */
const THINGS = new Set([
  '@toggle',
  '@avatar',
  '@logo',
  '@search',
  '@field',
  '@steps',
  '@endpoint',
  '@gradient',
]);

/** A concept that also says another, weaker: reviews of a product are its comments. */
const IMPLIES: [Term, Term, number][] = [
  ['@comments', '@testimonial', 0.7],
  ['@testimonial', '@comments', 0.5],
];

/** What a set of items is (quotes, questions, feature cards, figures) that a section wraps. */
const LIFTED = new Set(['quotes', 'questions', 'features', 'stats', 'list']);

/**
 * A section made of a heading and one set of items is that set, titled: "testimonials" crops the
 * section with its heading, not the bare grid. (Plans are not lifted: "pricing plans" is the cards.)
 */
function liftToSections(candidates: Candidate[], signals: Strengths[]): void {
  // A set of pictures is a gallery.
  const visuals = new Map<number, number[]>();
  for (const c of candidates) {
    if (!c.group || c.parent < 0) continue;
    const list = visuals.get(c.parent) ?? [];
    list.push(signals[c.index]!.get('@visual') ?? 0);
    visuals.set(c.parent, list);
  }
  for (const [p, list] of visuals) {
    if (list.length < 3 || list.filter((v) => v >= 0.4).length < list.length * 0.75) continue;
    add(signals[p]!, '@gallery', 0.8);
    add(signals[p]!, '@visual', 0.5);
  }
  for (const c of candidates) {
    const kinds = c.kinds.filter((k) => LIFTED.has(k));
    if (kinds.length === 0) continue;
    for (let p = c.parent, hops = 0; p >= 0 && hops < 2; p = candidates[p]!.parent, hops++) {
      const a = candidates[p]!;
      if (c.text_length < a.text_length * 0.6) break;
      if (!a.heading) continue;
      for (const k of kinds)
        for (const [t] of KIND_TERMS[k] ?? []) add(signals[p]!, t, signals[c.index]!.get(t) ?? 0);
      break;
    }
  }
}

/** Is the candidate, or the box right around it, titled "Response", "Output", "Result"? */
function titledResponse(c: Candidate, parent: Candidate | undefined): boolean {
  const titled = (x: Candidate) => terms(`${x.heading} ${x.label} ${x.names}`).includes('@response');
  return titled(c) || (!!parent && parent.text_length <= c.text_length + 40 && titled(parent));
}

/** What the nearest ancestors say of the candidate (a card inside "Testimonials"), weaker. */
function contextStrengths(c: Candidate, all: Candidate[]): Strengths {
  const map: Strengths = new Map();
  let hops = 0;
  for (let p = c.parent; p >= 0 && hops < 3; p = all[p]!.parent, hops++) {
    const parent = all[p]!;
    for (const text of [parent.label, parent.heading, parent.names, parent.heading_above])
      for (const t of new Set(terms(text))) add(map, t, FIELD.context * (1 - hops * 0.25));
  }
  return map;
}

/** Weight of each query term; words the page never mentions count less (a typo is not a veto). */
function queryWeights(query: ParsedDescription, signals: Strengths[]): Map<Term, number> {
  const weights = new Map<Term, number>();
  const topics = query.terms.filter((t) => !KIND_QUERY.has(t));
  for (const t of new Set(query.terms)) {
    let w = KIND_QUERY.has(t) && topics.length > 0 ? 0.5 : 1;
    if (!t.startsWith('@') && !signals.some((s) => s.has(t))) w *= 0.5;
    weights.set(t, w);
  }
  return weights;
}

function coverage(weights: Map<Term, number>, own: Strengths, context: Strengths): number {
  let sum = 0;
  let total = 0;
  for (const [t, w] of weights) {
    const o = own.get(t) ?? 0;
    const c = context.get(t) ?? 0;
    sum += w * (1 - (1 - o) * (1 - c));
    total += w;
  }
  return total > 0 ? sum / total : 0;
}

interface PageBox {
  width: number;
  height: number;
}

function pageBox(candidates: Candidate[]): PageBox {
  let width = 1;
  let height = 1;
  for (const c of candidates) {
    width = Math.max(width, c.box.x + c.box.width);
    height = Math.max(height, c.box.y + c.box.height);
  }
  return { width, height };
}

/** Size and position: the whole page only when asked, a hero near the top, a footer at the bottom. */
function priors(
  c: Candidate,
  query: ParsedDescription,
  page: PageBox,
  own: number,
  siblings: number,
): number {
  const { box } = c;
  const has = (t: Term) => query.terms.includes(t);
  let p = 1;
  const whole =
    box.height >= page.height * 0.85 && box.width >= page.width * 0.6 && box.y <= page.height * 0.05;
  if (whole && query.shape !== 'whole') p *= 0.6;
  if (box.width * box.height < 6000 && !c.kinds.includes('control')) p *= 0.8;
  // A heading is the title of a part, not the part, unless a title is what is asked for.
  if (/^h[1-6]$/.test(c.tag) && !has('@headline')) p *= 0.75;
  if (has('@hero')) p *= box.y < 300 ? 1 : box.y < 900 ? 0.85 : 0.6;
  if (has('@footer')) p *= box.y + box.height >= page.height - 200 ? 1 : 0.75;
  if (has('@header')) p *= box.y < 100 ? 1 : 0.75;
  if (has('@nav') && !has('@sidebar')) p *= box.y < 200 || box.height > box.width ? 1 : 0.85;
  if (has('@sidebar')) p *= box.height > box.width * 1.5 ? (box.x < page.width / 3 ? 1 : 0.8) : 0.75;
  if (query.shape === 'bar') p *= box.width >= page.width * 0.75 && box.height <= 240 ? 1 : 0.8;
  // A button or a field only when the description names one ("sign in button", "password field").
  const control = c.kinds.includes('control') || c.tag === 'a';
  if (has('button') && query.singular && !control) p *= 0.6;
  if (control && !has('button') && !has('@field') && !has('link'))
    p *= query.shape === 'section' ? 0.7 : 0.85;
  else if (control && !query.singular) p *= 0.85;
  // "card" without an ordinal means one member ("active users card"); "cards" means the group.
  if (query.shape === 'item' && query.singular) p *= c.group ? 1 : 0.85;
  else if (query.shape === 'item') p *= c.kinds.includes('cards') ? 1 : c.group ? 0.8 : 0.9;
  else if (query.shape === 'section') p *= c.framed || c.role || c.heading ? 1 : 0.93;
  // Otherwise a description that fits every member of a group means the group, not a member.
  else if (c.group && (c.group.size >= 3 || !c.kinds.includes('cards')) && siblings >= own * 0.7)
    p *= query.singular ? 0.92 : 0.82;
  // Near ties go to the larger element (a code block over the one-line endpoint above it).
  p *= 0.97 + 0.03 * Math.min(1, (box.width * box.height) / 500_000);
  return p;
}

/** For "second plan": the group of similar siblings that matches best, and its n-th member. */
function pickByOrdinal(query: ParsedDescription, candidates: Candidate[], own: number[]): Scored | undefined {
  const groups = new Map<number, Candidate[]>();
  for (const c of candidates) {
    if (!c.group) continue;
    const list = groups.get(c.group.id) ?? [];
    list.push(c);
    groups.set(c.group.id, list);
  }
  let best: { members: Candidate[]; score: number } | undefined;
  for (const members of groups.values()) {
    const items = members.reduce((s, m) => s + own[m.index]!, 0) / members.length;
    const parent = members[0]!.parent;
    const container = parent >= 0 ? own[parent]! : 0;
    // Items alike in size are a set of cards; a short intro beside a long section is not.
    const areas = members.map((m) => m.box.width * m.box.height);
    const alike = Math.max(0.3, Math.min(...areas) / Math.max(...areas));
    // Framed cards are what "the second …" usually counts, when the words alone do not tell.
    const cards = (0.15 * members.filter((m) => m.framed).length) / members.length;
    const score = (Math.max(items, 0.8 * container) + cards) * alike * (members.length >= 3 ? 1 : 0.85);
    if (!best || score > best.score) best = { members, score };
  }
  if (!best || best.score <= 0) return undefined;
  const n = query.ordinal ?? 1;
  const at = n < 0 ? best.members.length + n : n - 1;
  const member = best.members[Math.min(Math.max(at, 0), best.members.length - 1)]!;
  const inRange = at >= 0 && at < best.members.length;
  return { candidate: member, score: Math.min(1, best.score * (inRange ? 1.1 : 0.6)) };
}

function toMatch({ candidate, score }: Scored): ElementMatch {
  return {
    selector: candidate.selector,
    score: Math.round(score * 1000) / 1000,
    text_excerpt: candidate.text,
    box: candidate.box,
  };
}
