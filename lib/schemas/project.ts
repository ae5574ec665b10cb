/**
 * @module schemas/project
 * Projects (§7): name, capture defaults, brand, signed-URL lifetime cap, own bucket (§14).
 */
import * as v from 'valibot';
import { isColor } from '../css/color.ts';
import { CaptureParams } from './capture.ts';
import { int, text } from './fields.ts';
import { StorageChange, StorageSettings } from './storage.ts';

/** Capture fields a project may not fix for its captures: they name the request itself. */
const NOT_DEFAULTS = new Set(['url', 'site', 'project_id', 'async', 'response_type', 'show_resolved_params']);

const Defaults = v.pipe(
  v.record(v.string(), v.unknown(), 'Invalid defaults. Must be an object of capture parameters'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const key of Object.keys(dataset.value)) {
      if (NOT_DEFAULTS.has(key))
        addIssue({ message: `Invalid defaults.${key}: a project default cannot set ${key}` });
    }
    // Valid defaults are those that make a valid capture of some page.
    const probe = v.safeParse(CaptureParams, { ...dataset.value, url: 'https://example.com' });
    for (const issue of probe.issues ?? []) {
      addIssue({ message: `defaults.${v.getDotPath(issue) ?? ''}: ${issue.message}` });
    }
  }),
  v.description(
    "Capture parameters (as in POST /v1/capture) applied to every capture of the project under the request's own; nested objects such as `output` merge key by key. They cannot set url, project_id, async, response_type or show_resolved_params.",
  ),
  v.metadata({ example: { device: 'macbook-pro-16', background_preset: 'midnight', shadow: 'float' } }),
);

const color = (name: string, description: string) =>
  v.pipe(text(name, 100, description), v.check(isColor, `Invalid ${name}. Must be a CSS colour`));

const Brand = v.pipe(
  v.object({
    name: v.optional(text('brand.name', 100, 'The brand name (≤ 100 characters).')),
    colors: v.optional(
      v.pipe(
        v.object({
          primary: v.optional(
            color(
              'brand.colors.primary',
              "The brand's main CSS colour; captures use it as the default `badge_color`.",
            ),
          ),
          secondary: v.optional(color('brand.colors.secondary', "The brand's second CSS colour.")),
        }),
        v.description('Brand colours as CSS colours.'),
      ),
    ),
    font: v.optional(
      text(
        'brand.font',
        100,
        'The brand typeface by name, e.g. "Inter"; captures use the closest shipped family (`sans`, `serif` or `mono`) as the default `title_font` and `subtitle_font`.',
      ),
    ),
    dark_mode: v.optional(
      v.pipe(
        v.boolean('Invalid brand.dark_mode. Must be true or false'),
        v.description("Default `dark_mode` for the project's captures."),
      ),
    ),
    logo_url: v.optional(
      v.pipe(
        text('brand.logo_url', 2048, 'http(s) URL of the brand logo.'),
        v.regex(/^https?:\/\/\S+$/i, 'Invalid brand.logo_url. Must be an http(s) URL'),
      ),
    ),
  }),
  v.description(
    "The project's brand. It styles captures more weakly than `defaults`: font → `title_font`/`subtitle_font`, primary colour → `badge_color`, `dark_mode`.",
  ),
);

const maxTtl = int(
  'signed_url_max_ttl',
  60,
  10 * 365 * 24 * 3600,
  'Longest lifetime, in seconds from now, that a signed capture URL of the project may have in `expires` (60–315360000, default 31536000 = 365 days).',
);

const NAME = 'A name for people (≤ 100 characters).';

export const NewProject = v.pipe(
  v.object({
    name: v.pipe(text('name', 100, NAME), v.nonEmpty('Missing name. Give the project a name')),
    defaults: v.optional(Defaults),
    brand: v.optional(Brand),
    signed_url_max_ttl: v.optional(maxTtl),
    storage: v.optional(StorageSettings),
  }),
  v.description(
    'A new project: capture defaults and a brand shared by captures that name it in `project_id`, and the signing secret of its signed URLs.',
  ),
);

export const ProjectChanges = v.pipe(
  v.object({
    name: v.optional(v.pipe(text('name', 100, NAME), v.nonEmpty('Invalid name. Must not be empty'))),
    defaults: v.optional(Defaults),
    brand: v.optional(Brand),
    signed_url_max_ttl: v.optional(maxTtl),
    storage: v.optional(
      v.pipe(
        v.nullable(StorageChange),
        v.description(
          "Your own bucket's settings, replacing the stored ones as a whole (the secret may be left out while `access_key_id` stays the same); `null` removes them.",
        ),
      ),
    ),
  }),
  v.description('Changes to a project: only the fields given are set, each replacing the stored value.'),
);
