/**
 * @module http/routes/backgrounds
 * The public background picker (§9): `GET /v1/backgrounds` lists the gradient presets and pages
 * through the catalogue, `GET /v1/backgrounds/packs` the packs, `GET /v1/backgrounds/{pack}/{slug}`
 * one background, and `GET /v1/backgrounds/{pack}/{slug}/thumbnail.webp` its thumbnail. No key:
 * limited per client address, and open to browsers on any origin (CORS) so pickers can call it.
 */
import type { Context, Hono } from 'hono';
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
import { named } from '../openapi.ts';
import { BACKGROUND, PACK } from '../openapi-examples.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { validate } from '../validate.ts';
import { count, str, strings } from '../views.ts';

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

/** A query number: text on the wire, described before it is converted. */
const queryInt = (name: string, min: number, max: number, description: string) =>
  v.pipe(v.string(), v.description(description), v.transform(Number), int(name, min, max));

const ListEntries = {
  limit: v.optional(queryInt('limit', 1, 100, 'Catalogue backgrounds per page, 1–100 (default 24)'), '24'),
  offset: v.optional(
    queryInt('offset', 0, 10_000, 'How many catalogue backgrounds to skip (default 0)'),
    '0',
  ),
  group: v.optional(
    v.pipe(enumOf('group', GROUPS), v.description('Fill only `presets` or only `catalogue` (default both)')),
  ),
  pack: v.optional(facet('pack', () => catalogueFacets().packs)),
  type: v.optional(facet('type', () => catalogueFacets().types)),
  theme: v.optional(v.pipe(enumOf('theme', THEMES), v.description('Only light or only dark backgrounds'))),
  q: v.optional(v.pipe(text('q', 100), v.description('Words that must all match the name, tags or colours'))),
};

const ListQuery = v.strictObject(
  ListEntries,
  (issue) => `Unknown parameter ${String(issue.input)}. Accepted: ${fieldsOf(ListEntries).join(', ')}`,
);

const ThumbnailUrl = v.pipe(v.string(), v.description('Absolute URL of the 480×320 WebP thumbnail'));
const ThemeField = v.pipe(v.picklist(THEMES), v.description('Whether it suits light or dark pages'));

const Preset = named(
  'Preset',
  v.object({
    name: str('The preset: what `background_preset` takes'),
    css: str('The gradient as CSS, for a picker’s swatch'),
    theme: ThemeField,
    layers: v.pipe(
      v.array(
        v.object({
          kind: str('linear or radial'),
          stops: v.pipe(v.array(v.unknown()), v.description('The colour stops')),
        }),
      ),
      v.description('The gradient layers, bottom first'),
    ),
    params: v.pipe(
      v.object({
        background_style: v.pipe(v.literal('gradient'), v.description('Always gradient')),
        background_preset: str('The preset name'),
      }),
      v.description('Capture parameters that use it'),
    ),
  }),
);

const Background = named(
  'Background',
  v.object({
    background: str('The reference `pack/slug`: what capture `background` takes'),
    pack: str('The pack slug'),
    slug: str('The slug within the pack'),
    name: str('Display name'),
    type: str('The generator type: mesh, grain, glass, pattern, …'),
    theme: ThemeField,
    tags: strings('Search tags'),
    colors: strings('Its main colours, CSS hex'),
    thumbnail_url: ThumbnailUrl,
    params: v.pipe(
      v.object({
        background: str('The reference'),
        shadow: v.pipe(v.picklist(['glow', 'soft']), v.description('The shadow that suits it')),
      }),
      v.description('Capture parameters that use it'),
    ),
    generator: v.pipe(
      v.object({
        seed: count('The random seed it is drawn with'),
        palette: strings('The palette it is drawn with'),
        params: v.pipe(v.record(v.string(), v.unknown()), v.description('The generator’s own parameters')),
      }),
      v.description('How it is drawn: the same inputs draw the same picture'),
    ),
  }),
);

const PackView = named(
  'Pack',
  v.object({
    slug: str('The pack slug: what `pack` filters on'),
    name: str('Display name'),
    description: str('What the pack holds'),
    types: strings('Generator types in the pack'),
    themes: v.pipe(v.array(v.picklist(THEMES)), v.description('Themes in the pack')),
    tags: strings('Search tags'),
    count: count('How many backgrounds it has'),
    thumbnail_url: ThumbnailUrl,
    backgrounds_url: str('The listing of its backgrounds'),
  }),
);
const PackList = named(
  'PackList',
  v.object({ packs: v.pipe(v.array(PackView), v.description('Every pack')) }),
);

const ListResponse = named(
  'BackgroundList',
  v.object({
    presets: v.pipe(v.array(Preset), v.description('The gradient presets that match')),
    backgrounds: v.pipe(v.array(Background), v.description('A page of the catalogue backgrounds that match')),
    total: count('Matching catalogue backgrounds before paging'),
    limit: count('The page size used'),
    offset: count('The offset used'),
  }),
);

type BackgroundView = v.InferOutput<typeof Background>;

const LIMITED = `Public, no key. Limited per client address: ${BACKGROUND_LIMITS.reads} requests a minute shared by the listing, packs and single-background routes; open to browsers on any origin (CORS).`;
const NOT_FOUND = {
  description: 'not_found: no such background; the message suggests close matches',
  codes: {
    not_found: 'No background glass/prysm. Did you mean glass/prism? GET /v1/backgrounds lists them.',
  },
};

const OPERATIONS = {
  list: {
    operationId: 'listBackgrounds',
    method: 'get',
    path: '',
    summary: 'List backgrounds: the gradient presets and a page of the catalogue',
    description: `${LIMITED} \`group\` picks which list to fill (default both). \`pack\`, \`type\`, \`theme\` and \`q\` (words that must all match) filter; presets are in no pack, so \`pack\` or \`type\` leaves \`presets\` empty. \`total\` counts the matching catalogue backgrounds before paging (0 with \`group=presets\`). Every item carries ready-to-use capture \`params\`.`,
    query: ListQuery,
    addressLimited: true,
    example: { pack: 'glass', limit: '3' },
    responses: {
      200: {
        description: '{ presets, backgrounds, total, limit, offset }',
        schema: ListResponse,
        example: { presets: [], backgrounds: [BACKGROUND], total: 12, limit: 3, offset: 0 },
      },
      400: {
        description: 'invalid_params: an unknown parameter, or a value out of range or not accepted',
        codes: {
          invalid_params: 'Unknown parameter colour. Accepted: limit, offset, group, pack, type, theme, q',
        },
      },
    },
  },
  packs: {
    operationId: 'listBackgroundPacks',
    method: 'get',
    path: '/packs',
    summary: 'List the background packs',
    description: `${LIMITED} Each pack with a thumbnail of its first background and the listing URL of its backgrounds.`,
    addressLimited: true,
    responses: { 200: { description: '{ packs }', schema: PackList, example: { packs: [PACK] } } },
  },
  get: {
    operationId: 'getBackground',
    method: 'get',
    path: '/{pack}/{slug}',
    summary: 'Get one catalogue background',
    description: `${LIMITED} One background by its reference, with ready-to-use capture \`params\`.`,
    addressLimited: true,
    responses: {
      200: { description: 'Background', schema: Background, example: BACKGROUND },
      404: NOT_FOUND,
    },
  },
  thumbnail: {
    operationId: 'getBackgroundThumbnail',
    method: 'get',
    path: '/{pack}/{slug}/thumbnail.webp',
    summary: "A background's 480×320 WebP thumbnail",
    description: `Public, no key. Limited per client address: ${BACKGROUND_LIMITS.thumbnails} a minute, counted apart from the other routes. Strong \`ETag\`; with \`?v=<version>\` as the listing links it, \`Cache-Control: public, max-age=31536000, immutable\` (the version changes whenever the picture does). \`If-None-Match\` answers 304 without rendering. HEAD works too.`,
    addressLimited: true,
    responses: {
      200: { description: 'The thumbnail', media: 'image/webp', headers: ['ETag', 'Cache-Control'] },
      304: {
        description: 'Not modified: If-None-Match matched the ETag',
        headers: ['ETag', 'Cache-Control'],
      },
      404: NOT_FOUND,
    },
  },
} satisfies Record<string, Operation>;

export function backgroundRoutes(deps: Deps, registry: Registry): Hono<AppEnv> {
  const router = createRouter({ registry, mount: '/v1/backgrounds', tag: 'Backgrounds', account: [] });
  const limit = (name: string, perMinute: number, what: string) =>
    addressRateLimit({ table: deps.table, now: deps.now, name, limit: perMinute, what });
  const reads = limit('backgrounds', BACKGROUND_LIMITS.reads, 'background requests');
  // CORS (any origin, whatever FRAMESHOT_CORS_ORIGINS says) is the app's cors middleware, mounted first.
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
