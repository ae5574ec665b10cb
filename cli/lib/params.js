// @ts-check
/**
 * @module cli/lib/params
 * Command lines that mix the CLI's own flags with any capture parameter (`--device iphone-16-pro`,
 * `--output.format webp`, `--block ads --block trackers`, `--full-page`), turned into the JSON
 * body of `POST /v1/capture` or the query pairs of a signed URL. `util.parseArgs` rejects or
 * mis-reads unknown options, so capture parameters get this small parser of their own.
 */
import { UsageError } from './errors.js';

/**
 * @typedef {{ type: 'boolean' | 'string', short?: string }} FlagSpec
 * @typedef {Record<string, FlagSpec>} FlagSpecs
 * @typedef {{ flags: Record<string, string | boolean>, params: Array<[string, string | boolean]>,
 *   positionals: string[] }} CommandLine
 */

/** Parameters that are lists (contract §3): commas split them, repeats add to them. */
const ARRAY_FIELDS = new Set(['block', 'hide_selectors']);

/** Parameters that stay strings even when they look like numbers or booleans. */
const STRING_FIELDS = new Set([
  'url',
  'site',
  'selector',
  'element',
  'inject_css',
  'inject_js',
  'user_agent',
  'locale',
  'timezone',
  'device',
  'device_color',
  'background',
  'background_gradient',
  'title',
  'subtitle',
  'badge',
  'prompt',
]);
/** Switches: a bare `--full-page` is `true`, and the next word is only taken if it is true/false. */
const BOOLEAN_FIELDS = new Set([
  'dark_mode',
  'full_page',
  'emulate_mobile',
  'emulate_touch',
  'fresh',
  'show_resolved_params',
  'ai_style',
  'ai_copy',
  'ai_brand',
]);
const STRING_SUFFIXES = /(_color|_url|_id|_font)$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `--full-page` and `--full_page` both name `full_page`; dots nest. @param {string} name */
const paramName = (name) => name.replaceAll('-', '_');

/**
 * @param {string[]} argv
 * @param {FlagSpecs} specs the command's own flags; every other `--name` is a parameter
 * @param {string} command for usage messages
 * @returns {CommandLine}
 */
export function parseCommandLine(argv, specs, command) {
  /** @type {CommandLine} */
  const out = { flags: {}, params: [], positionals: [] };
  const shorts = new Map(Object.entries(specs).flatMap(([name, s]) => (s.short ? [[s.short, name]] : [])));
  const takesValue = (/** @type {string} */ name, /** @type {string | undefined} */ next) =>
    next !== undefined &&
    (BOOLEAN_FIELDS.has(paramName(name))
      ? /^(true|false)$/.test(next)
      : !next.startsWith('-') || NUMBER.test(next));

  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const rawName = long ? arg.slice(2, eq > 0 ? eq : undefined) : arg.slice(1, eq > 0 ? eq : undefined);
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const flag = long ? (specs[rawName] ? rawName : undefined) : shorts.get(rawName);
    if (!long && !flag) throw new UsageError(`Unknown option ${arg}`, command);

    if (flag) {
      const spec = /** @type {FlagSpec} */ (specs[flag]);
      if (spec.type === 'boolean') {
        if (inline !== undefined && !/^(true|false)$/.test(inline)) {
          throw new UsageError(`--${flag} takes no value`, command);
        }
        out.flags[flag] = inline !== 'false';
      } else {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`--${flag} needs a value`, command);
        out.flags[flag] = value;
      }
      continue;
    }
    if (!rawName) throw new UsageError(`Invalid option ${arg}`, command);
    if (inline !== undefined) out.params.push([paramName(rawName), inline]);
    else if (takesValue(rawName, argv[i + 1]))
      out.params.push([paramName(rawName), /** @type {string} */ (argv[++i])]);
    else if (rawName.startsWith('no-')) out.params.push([paramName(rawName.slice(3)), false]);
    else out.params.push([paramName(rawName), true]);
  }
  return out;
}

/**
 * @param {string} name
 * @param {string | boolean} raw
 * @returns {unknown}
 */
function coerce(name, raw) {
  if (typeof raw === 'boolean') return raw;
  const leaf = name.split('.').at(-1) ?? name;
  if (STRING_FIELDS.has(leaf) || STRING_SUFFIXES.test(leaf)) return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (NUMBER.test(raw.trim())) return Number(raw);
  return raw;
}

/** @param {Array<[string, string | boolean]>} params @returns {Map<string, Array<string | boolean>>} */
function grouped(params) {
  const groups = new Map();
  for (const [name, value] of params) {
    if (name.split('.').some((p) => p === '' || FORBIDDEN_KEYS.has(p))) {
      throw new UsageError(`Invalid parameter name --${name}`);
    }
    groups.set(name, [...(groups.get(name) ?? []), value]);
  }
  return groups;
}

/**
 * The JSON body: dotted names nest, lists split on commas, `true`/`false`/numbers converted.
 * @param {Array<[string, string | boolean]>} params
 * @returns {Record<string, unknown>}
 */
export function captureBody(params) {
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const [name, values] of grouped(params)) {
    /** @type {unknown} */
    let value;
    if (ARRAY_FIELDS.has(name)) {
      value = values
        .flatMap((v) => String(v).split(','))
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (values.length > 1) {
      value = values.map((v) => coerce(name, v));
    } else {
      value = coerce(name, /** @type {string | boolean} */ (values[0]));
    }
    const path = name.split('.');
    let target = body;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      if (next !== undefined && (typeof next !== 'object' || next === null || Array.isArray(next))) {
        throw new UsageError(`--${name} conflicts with --${part}`);
      }
      target[part] ??= {};
      target = /** @type {Record<string, unknown>} */ (target[part]);
    }
    const leaf = /** @type {string} */ (path.at(-1));
    if (target[leaf] !== undefined) throw new UsageError(`--${name} conflicts with --${name}.*`);
    target[leaf] = value;
  }
  return body;
}

/**
 * Query parameters for a GET / signed URL: values stay text, a repeated parameter becomes one
 * comma list (signed URLs refuse repeated keys, §5), a bare `--flag` is `true`.
 * @param {Array<[string, string | boolean]>} params
 * @returns {Record<string, string>}
 */
export function queryParams(params) {
  return Object.fromEntries(
    [...grouped(params)].map(([name, values]) => [name, values.map(String).join(',')]),
  );
}
