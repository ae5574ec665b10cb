/**
 * The layer rule of docs/architecture.md as data, and a checker over import specifiers.
 * `layers.test.ts` runs it on the real tree and on planted back-edges.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Top to bottom. A unit is a folder of lib/ (`store`), a top-level file of lib/ without `.ts`
 * (`deps`), or `functions`. A unit may import units of lower rows only: never a row above it,
 * never another unit of its own row (peers stay independent, so no cycle can form).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['functions'],
  ['local'],
  ['app', 'worker'],
  ['http'],
  ['jobs'],
  ['captures', 'health'],
  ['webhooks'],
  ['deps'],
  ['capture', 'compose', 'billing', 'blobs', 'queue', 'signing'],
  ['understand', 'backgrounds'],
  ['store'],
  ['schemas', 'net'],
  ['css'],
  ['aws', 'crypto', 'logger', 'metrics', 'errors', 'ids', 'assets'],
  ['config'],
];

/** Package (or repo path) rules: who may import it at all. */
export const ONLY: readonly { what: string; matches: (spec: string) => boolean; units: readonly string[] }[] =
  [
    {
      what: 'hono',
      matches: (s) => s === 'hono' || s.startsWith('@hono/') || s === '@scalar/hono-api-reference',
      units: ['functions', 'app', 'http'],
    },
    {
      what: 'the browser (puppeteer-core, @sparticuz/chromium)',
      matches: (s) => s === 'puppeteer-core' || s.startsWith('@sparticuz/'),
      units: ['capture'],
    },
    {
      what: 'the SQS SDK',
      matches: (s) => s === '@aws-sdk/client-sqs',
      units: ['aws', 'queue', 'health', 'local'],
    },
    {
      what: 'infra/ (resource names)',
      matches: (s) => s === 'infra' || s.startsWith('infra/'),
      units: ['config', 'local'],
    },
  ];

/** Packages a unit must never import, even where ONLY would allow it. */
export const NEVER: readonly { unit: string; packages: readonly string[] }[] = [
  { unit: 'http', packages: ['puppeteer-core', 'sharp'] },
];

/** HTTP headers are set in http/ (and app.ts) only; below, errors carry `retryAfter` etc. */
export const HEADER_UNITS: readonly string[] = ['functions', 'app', 'http'];

export type Rule = 'layer' | 'package' | 'header' | 'unplaced';

export interface Violation {
  rule: Rule;
  /** Repo-relative file: `lib/store/jobs.ts`. */
  file: string;
  /** The unit, package or repo path imported; `withHeaders` for the header rule. */
  target: string;
  message: string;
}

/** A known violation that is allowed for now: the test fails when it appears or disappears. */
export interface Exception {
  rule: Rule;
  file: string;
  target: string;
  reason: string;
}

const rankOf = new Map(LAYERS.flatMap((row, rank) => row.map((unit) => [unit, rank] as const)));

/** The unit a repo-relative path belongs to, or undefined outside lib/ and functions/. */
export function unitOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'functions') return 'functions';
  if (parts[0] !== 'lib' || parts.length < 2) return undefined;
  return parts.length === 2 ? parts[1]!.replace(/\.(ts|js|json)$/, '') : parts[1];
}

/** Every module specifier of a file: imports, `import type`, re-exports, `import()`, `require()`. */
export function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** A specifier as a repo-relative path (relative ones) or the package name (bare ones). */
function targetOf(file: string, spec: string): { path?: string; pkg?: string } {
  if (!spec.startsWith('.')) {
    const parts = spec.split('/');
    return { pkg: spec.startsWith('@') ? parts.slice(0, 2).join('/') : spec };
  }
  return { path: posix.normalize(posix.join(posix.dirname(file), spec)) };
}

/** Checks files (repo-relative path → source text) against the rules above. */
export function violationsOf(files: ReadonlyMap<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [file, source] of files) {
    const from = unitOf(file);
    if (from === undefined) continue;
    const fromRank = rankOf.get(from);
    if (fromRank === undefined) {
      out.push({
        rule: 'unplaced',
        file,
        target: from,
        message: `${from} is in no layer: add it to LAYERS (test/architecture/import-graph.ts) and docs/architecture.md`,
      });
      continue;
    }
    for (const spec of specifiersOf(source)) {
      const { path, pkg } = targetOf(file, spec);
      const name = pkg ?? path!;
      for (const only of ONLY) {
        if (only.matches(name) && !only.units.includes(from))
          out.push({
            rule: 'package',
            file,
            target: name,
            message: `${from} imports ${only.what} ("${spec}"); only ${only.units.join(', ')} may`,
          });
      }
      for (const never of NEVER) {
        if (never.unit === from && pkg && never.packages.includes(pkg))
          out.push({ rule: 'package', file, target: pkg, message: `${from} must never import ${pkg}` });
      }
      const to = path === undefined ? undefined : unitOf(path);
      if (to === undefined || to === from) continue;
      const toRank = rankOf.get(to);
      if (toRank === undefined) continue; // reported once as 'unplaced' from its own files
      if (toRank <= fromRank)
        out.push({
          rule: 'layer',
          file,
          target: to,
          message:
            toRank < fromRank
              ? `${from} imports ${to} ("${spec}"), a higher layer`
              : `${from} imports its peer ${to} ("${spec}"); peers of one layer stay independent`,
        });
    }
    if (!HEADER_UNITS.includes(from) && /\.withHeaders\(/.test(source))
      out.push({
        rule: 'header',
        file,
        target: 'withHeaders',
        message: `${from} sets HTTP headers; below http/ say it as data (e.g. ApiError.retryAfter)`,
      });
  }
  return [...new Map(out.map((v) => [keyOf(v), v])).values()];
}

/** lib/**\/*.ts and functions/*.ts under `root`, keyed by repo-relative path. */
export function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const top of ['lib', 'functions']) {
    for (const entry of readdirSync(join(root, top), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      const path = `${top}/${entry.split('\\').join('/')}`;
      files.set(path, readFileSync(join(root, path), 'utf8'));
    }
  }
  return files;
}

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const keyOf = (v: Pick<Violation, 'rule' | 'file' | 'target'>) => `${v.rule} ${v.file} → ${v.target}`;
