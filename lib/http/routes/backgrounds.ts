/**
 * @module http/routes/backgrounds
 * The public background picker (§9): `GET /v1/backgrounds` lists the gradient presets and pages
 * through the catalogue, `GET /v1/backgrounds/packs` the packs, `GET /v1/backgrounds/{pack}/{slug}`
 * one background, and `GET /v1/backgrounds/{pack}/{slug}/thumbnail.webp` its thumbnail. No key:
 * limited per client address, and open to browsers on any origin (CORS) so pickers can call it.
 */
import type { Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import * as v from 'valibot';
import { type CatalogueEntry, catalogue, findBackground, type Theme } from '../../backgrounds/catalogue.ts';
import { renderThumbnail, type Thumbnail, thumbnailEtag } from '../../backgrounds/render.ts';
import { catalogueFacets, closeMatches, searchCatalogue } from '../../backgrounds/search.ts';
import { presetCatalogue } from '../../compose/backgrounds.ts';
import type { Deps } from '../../deps.ts';
import { NotFound } from '../../errors.ts';
import { enumOf, fieldsOf, int, text } from '../../schemas/fields.ts';
import type { AppEnv } from '../env.ts';
import { addressRateLimit } from '../middleware/address-rate-limit.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { validate } from '../validate.ts';

/**
 * Requests per client address per minute. The listing, packs and single background share
 * `reads`; thumbnails count apart and get more, since one picker page loads ~70 of them at once.
 */
export const BACKGROUND_LIMITS = { reads: 120, thumbnails: 600 } as const;

const THEMES = ['light', 'dark'] as const satisfies readonly Theme[];
const GROUPS = ['presets', 'catalogue'] as const;

/**
 * A filter whose accepted values are the catalogue's own: looked up only when the filter is used,
 * since building the catalogue takes a moment that app start-up should not pay.
 */
const facet = (name: string, values: () => readonly string[]) =>
  v.pipe(
    text(name, 100),
    v.description(`A ${name} of the catalogue: GET /v1/backgrounds/packs lists the packs and their types`),
    v.check(
      (value) => values().includes(value),
      () => `Invalid ${name}. Must be one of: ${values().join(', ')}`,
    ),
  );

const ListEntries = {
  limit: v.optional(v.pipe(v.string(), v.transform(Number), int('limit', 1, 100)), '24'),
  offset: v.optional(v.pipe(v.string(), v.transform(Number), int('offset', 0, 10_000)), '0'),
  group: v.optional(enumOf('group', GROUPS)),
  pack: v.optional(facet('pack', () => catalogueFacets().packs)),
  type: v.optional(facet('type', () => catalogueFacets().types)),
  theme: v.optional(enumOf('theme', THEMES)),
  q: v.optional(text('q', 100)),
};

const ListQuery = v.strictObject(
  ListEntries,
  (issue) => `Unknown parameter ${String(issue.input)}. Accepted: ${fieldsOf(ListEntries).join(', ')}`,
);

const ThumbnailUrl = v.pipe(v.string(), v.description('Absolute URL of the 480×320 WebP thumbnail'));

const Preset = v.object({
  name: v.string(),
  css: v.string(),
  theme: v.picklist(THEMES),
  layers: v.array(v.object({ kind: v.string(), stops: v.array(v.unknown()) })),
  params: v.object({ background_style: v.literal('gradient'), background_preset: v.string() }),
});

const Background = v.object({
  background: v.pipe(v.string(), v.description('The reference `pack/slug`: what capture `background` takes')),
  pack: v.string(),
  slug: v.string(),
  name: v.string(),
  type: v.string(),
  theme: v.picklist(THEMES),
  tags: v.array(v.string()),
  colors: v.array(v.string()),
  thumbnail_url: ThumbnailUrl,
  params: v.object({ background: v.string(), shadow: v.picklist(['glow', 'soft']) }),
  generator: v.object({
    seed: v.number(),
    palette: v.array(v.string()),
    params: v.record(v.string(), v.unknown()),
  }),
});

const PackView = v.object({
  slug: v.string(),
  name: v.string(),
  description: v.string(),
  types: v.array(v.string()),
  themes: v.array(v.picklist(THEMES)),
  tags: v.array(v.string()),
  count: v.number(),
  thumbnail_url: ThumbnailUrl,
  backgrounds_url: v.string(),
});

const ListResponse = v.object({
  presets: v.array(Preset),
  backgrounds: v.array(Background),
  total: v.number(),
  limit: v.number(),
  offset: v.number(),
});

type BackgroundView = v.InferOutput<typeof Background>;

const LIMITED = `Public, no key. Limited per client address: ${BACKGROUND_LIMITS.reads} requests a minute shared by the listing, packs and single-background routes; open to browsers on any origin (CORS).`;
const NOT_FOUND = { description: 'not_found: no such background; the message suggests close matches' };
const RATE_LIMITED = { description: 'rate_limited, with Retry-After' };

const OPERATIONS = {
  list: {
    method: 'get',
    path: '',
    summary: 'List backgrounds: the gradient presets and a page of the catalogue',
    description: `${LIMITED} \`group\` picks which list to fill (default both). \`pack\`, \`type\`, \`theme\` and \`q\` (words that must all match) filter; presets are in no pack, so \`pack\` or \`type\` leaves \`presets\` empty. \`total\` counts the matching catalogue backgrounds before paging (0 with \`group=presets\`). Every item carries ready-to-use capture \`params\`.`,
    query: ListQuery,
    responses: {
      200: { description: '{ presets, backgrounds, total, limit, offset }', schema: ListResponse },
      400: { description: 'invalid_params: an unknown parameter, or a value out of range or not accepted' },
      429: RATE_LIMITED,
    },
  },
  packs: {
    method: 'get',
    path: '/packs',
    summary: 'List the background packs',
    description: `${LIMITED} Each pack with a thumbnail of its first background and the listing URL of its backgrounds.`,
    responses: {
      200: { description: '{ packs }', schema: v.object({ packs: v.array(PackView) }) },
      429: RATE_LIMITED,
    },
  },
  get: {
    method: 'get',
    path: '/{pack}/{slug}',
    summary: 'Get one catalogue background',
    description: LIMITED,
    responses: { 200: { description: 'Background', schema: Background }, 404: NOT_FOUND, 429: RATE_LIMITED },
  },
  thumbnail: {
    method: 'get',
    path: '/{pack}/{slug}/thumbnail.webp',
    summary: "A background's 480×320 WebP thumbnail",
    description: `Public, no key. Limited per client address: ${BACKGROUND_LIMITS.thumbnails} a minute, counted apart from the other routes. Strong \`ETag\`; with \`?v=<version>\` as the listing links it, \`Cache-Control: public, max-age=31536000, immutable\` (the version changes whenever the picture does). \`If-None-Match\` answers 304 without rendering. HEAD works too.`,
    responses: {
      200: { description: 'image/webp' },
      304: { description: 'Not modified: If-None-Match matched the ETag' },
      404: NOT_FOUND,
      429: RATE_LIMITED,
    },
  },
} satisfies Record<string, Operation>;

/** Browser pickers on any origin read these routes, their errors and their limit headers included. */
const pickerCors = () =>
  cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    exposeHeaders: [
      'ETag',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Retry-After',
      'X-Request-Id',
    ],
    maxAge: 86_400,
  });

export function backgroundRoutes(deps: Deps, registry: Registry): Hono<AppEnv> {
  const router = createRouter({ registry, mount: '/v1/backgrounds', tag: 'Backgrounds', account: [] });
  const limit = (name: string, perMinute: number, what: string) =>
    addressRateLimit({ table: deps.table, now: deps.now, name, limit: perMinute, what });
  const reads = limit('backgrounds', BACKGROUND_LIMITS.reads, 'background requests');
  // First, so that preflights are answered before any counting and errors carry the CORS headers.
  router.app.use('*', pickerCors());
  router.app.use('/', reads);
  router.app.use('/packs', reads);
  router.app.use('/:pack/:slug', reads);
  router.app.use(
    '/:pack/:slug/thumbnail.webp',
    limit('background-thumbnails', BACKGROUND_LIMITS.thumbnails, 'thumbnail requests'),
  );

  const base = `${deps.config.publicBaseUrl.replace(/\/+$/, '')}/v1/backgrounds`;
  router.on(OPERATIONS.list, (c) => c.json(list(base, validate(ListQuery, c.req.query()))));
  router.on(OPERATIONS.packs, (c) => c.json({ packs: packs(base) }));
  router.on(OPERATIONS.get, (c) => c.json(backgroundView(base, entryOf(c))));
  router.on(OPERATIONS.thumbnail, (c) => thumbnail(c, entryOf(c)));
  return router.app;
}

function list(base: string, query: v.InferOutput<typeof ListQuery>) {
  const { limit, offset, group, pack, type, theme, q } = query;
  const catalogued =
    group === 'presets'
      ? { backgrounds: [], total: 0 }
      : searchCatalogue({ pack, type, theme, q, limit, offset });
  return {
    presets: group === 'catalogue' || pack || type ? [] : presets(theme, q),
    backgrounds: catalogued.backgrounds.map((e) => backgroundView(base, e)),
    total: catalogued.total,
    limit,
    offset,
  };
}

/** The gradient presets of a theme whose name (or theme) has every word of `q`. */
function presets(theme: Theme | undefined, q = '') {
  const words = wordsOf(q);
  return presetCatalogue()
    .map(({ name, css, dark, layers }) => ({
      name,
      css,
      theme: (dark ? 'dark' : 'light') as Theme,
      layers,
      params: { background_style: 'gradient' as const, background_preset: name },
    }))
    .filter((p) => (!theme || p.theme === theme) && words.every((w) => p.name.includes(w) || p.theme === w));
}

const wordsOf = (q: string) =>
  q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function packs(base: string) {
  const { entries, packs } = catalogue();
  return packs.map((pack) => {
    const first = entries.find((e) => e.pack === pack.slug)!;
    return {
      ...pack,
      thumbnail_url: thumbnailUrl(base, first),
      backgrounds_url: `${base}?pack=${pack.slug}`,
    };
  });
}

const thumbnailUrl = (base: string, e: CatalogueEntry) =>
  `${base}/${e.pack}/${e.slug}/thumbnail.webp?v=${e.version}`;

function backgroundView(base: string, e: CatalogueEntry): BackgroundView {
  return {
    background: e.ref,
    pack: e.pack,
    slug: e.slug,
    name: e.name,
    type: e.type,
    theme: e.theme,
    tags: e.tags,
    colors: e.colors,
    thumbnail_url: thumbnailUrl(base, e),
    params: { background: e.ref, shadow: e.theme === 'dark' ? 'glow' : 'soft' },
    generator: { seed: e.seed, palette: e.palette, params: e.params as Record<string, unknown> },
  };
}

/** The background the path names, or a 404 that suggests the closest references. */
function entryOf(c: Context<AppEnv>): CatalogueEntry {
  const ref = `${c.req.param('pack')}/${c.req.param('slug')}`;
  const entry = findBackground(ref);
  if (entry) return entry;
  const near = ref.length <= 200 ? closeMatches(ref) : [];
  throw new NotFound(
    `No background ${ref}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''} GET /v1/backgrounds lists them.`,
  );
}

/** Encoded thumbnails by reference: each is drawn once per process, however many ask at once. */
const thumbnails = new Map<string, Promise<Thumbnail>>();

async function thumbnail(c: Context<AppEnv>, entry: CatalogueEntry): Promise<Response> {
  const etag = thumbnailEtag(entry);
  c.header('ETag', etag);
  // Immutable only at the versioned URL the API hands out; any other URL may change under a client.
  c.header(
    'Cache-Control',
    c.req.query('v') === entry.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
  );
  if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  let rendering = thumbnails.get(entry.ref);
  if (!rendering) {
    rendering = renderThumbnail(entry);
    thumbnails.set(entry.ref, rendering);
    // A failed rendering is not kept: the next request draws it again.
    rendering.catch(() => thumbnails.delete(entry.ref));
  }
  const { body, contentType } = await rendering;
  // sharp's buffers sit on a plain ArrayBuffer; the cast only narrows Node's wider typing.
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': contentType });
}

/** `If-None-Match` uses the weak comparison (RFC 9110 §13.1.2): `W/` is ignored, `*` matches. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}
