/**
 * @module schemas/project
 * Projects (§7): name, capture defaults, brand, signed-URL lifetime cap.
 */
import * as v from 'valibot';
import { isColor } from '../css/color.ts';
import { CaptureParams } from './capture.ts';
import { int, text } from './fields.ts';

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
);

const color = (name: string) =>
  v.pipe(text(name, 100), v.check(isColor, `Invalid ${name}. Must be a CSS colour`));

const Brand = v.object({
  name: v.optional(text('brand.name', 100)),
  colors: v.optional(
    v.object({
      primary: v.optional(color('brand.colors.primary')),
      secondary: v.optional(color('brand.colors.secondary')),
    }),
  ),
  font: v.optional(text('brand.font', 100)),
  dark_mode: v.optional(v.boolean('Invalid brand.dark_mode. Must be true or false')),
  logo_url: v.optional(
    v.pipe(
      text('brand.logo_url', 2048),
      v.regex(/^https?:\/\/\S+$/i, 'Invalid brand.logo_url. Must be an http(s) URL'),
    ),
  ),
});

const maxTtl = int('signed_url_max_ttl', 60, 10 * 365 * 24 * 3600);

export const NewProject = v.object({
  name: v.pipe(text('name', 100), v.nonEmpty('Missing name. Give the project a name')),
  defaults: v.optional(Defaults),
  brand: v.optional(Brand),
  signed_url_max_ttl: v.optional(maxTtl),
});

export const ProjectChanges = v.object({
  name: v.optional(v.pipe(text('name', 100), v.nonEmpty('Invalid name. Must not be empty'))),
  defaults: v.optional(Defaults),
  brand: v.optional(Brand),
  signed_url_max_ttl: v.optional(maxTtl),
});
