import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Exception,
  keyOf,
  LAYERS,
  readSources,
  repoRoot,
  specifiersOf,
  unitOf,
  violationsOf,
} from './import-graph.ts';

/**
 * Back-edges allowed while their owners' restructuring (issue 14) is under way. Each one fails the
 * test once fixed, so the list can only shrink: delete the entry together with the back-edge.
 */
const EXCEPTIONS: readonly Exception[] = [
  // { rule: 'layer', file: 'lib/store/jobs.ts', target: 'captures', reason: 'one line: why, and who removes it' },
];

const real = readSources(repoRoot);
const planted = (files: Record<string, string>) => violationsOf(new Map([...real, ...Object.entries(files)]));
const newKeys = (files: Record<string, string>) => {
  const before = new Set(violationsOf(real).map(keyOf));
  return planted(files)
    .map(keyOf)
    .filter((k) => !before.has(k));
};

describe('the layer rule (docs/architecture.md)', () => {
  it('places every folder and top-level file of lib/ in exactly one layer', () => {
    const units = readdirSync(join(repoRoot, 'lib'), { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => unitOf(`lib/${e.name}`)!);
    const placed = LAYERS.flat();
    expect(new Set(placed).size).toBe(placed.length);
    expect(units.filter((u) => !placed.includes(u))).toEqual([]);
  });

  it('finds no import against the layers beyond the listed exceptions', () => {
    const found = violationsOf(real);
    const allowed = new Set(EXCEPTIONS.map(keyOf));
    const unexpected = found.filter((v) => !allowed.has(keyOf(v))).map((v) => `${v.file}: ${v.message}`);
    expect(unexpected, 'new back-edges (see docs/architecture.md "Layers")').toEqual([]);
  });

  it('lists only exceptions that still happen (remove an entry once its back-edge is gone)', () => {
    const found = new Set(violationsOf(real).map(keyOf));
    expect(EXCEPTIONS.map(keyOf).filter((k) => !found.has(k))).toEqual([]);
  });
});

describe('the checker', () => {
  it('reads every kind of import, type-only and dynamic ones included', () => {
    const source = [
      "import type { A } from '../a.ts';",
      "import { b } from '../b.ts';",
      "export { c } from '../c.ts';",
      "export * from '../d.ts';",
      "import '../e.ts';",
      "const f = await import('../f.ts');",
      "type G = import('../g.ts').G;",
      "import {\n  h,\n} from '../h.ts';",
      "// import { no } from '../commented.ts';",
      'const s = "from \'../string.ts\'";',
    ].join('\n');
    expect(specifiersOf(source)).toEqual([
      '../a.ts',
      '../b.ts',
      '../c.ts',
      '../d.ts',
      '../e.ts',
      '../f.ts',
      '../g.ts',
      '../h.ts',
    ]);
  });

  it('catches a planted back-edge from a lower layer to a higher one', () => {
    expect(newKeys({ 'lib/store/planted.ts': "import type { AppEnv } from '../http/env.ts';" })).toEqual([
      'layer lib/store/planted.ts → http',
    ]);
    expect(newKeys({ 'lib/schemas/planted.ts': "export { toJpeg } from '../compose/encode.ts';" })).toEqual([
      'layer lib/schemas/planted.ts → compose',
    ]);
    expect(newKeys({ 'lib/config.ts': `${real.get('lib/config.ts')}\nimport './logger.ts';` })).toEqual([
      'layer lib/config.ts → logger',
    ]);
  });

  it('catches an import between peers of one layer', () => {
    expect(newKeys({ 'lib/compose/planted.ts': "import '../capture/index.ts';" })).toEqual([
      'layer lib/compose/planted.ts → capture',
    ]);
  });

  it('lets a layer import any layer below it', () => {
    expect(
      newKeys({
        'lib/http/planted.ts':
          "import '../store/table.ts';\nimport '../config.ts';\nimport '../css/color.ts';",
      }),
    ).toEqual([]);
  });

  it('catches hono below http/, the browser or sharp in http/, and the SQS SDK or infra/ outside their place', () => {
    expect(
      newKeys({
        'lib/billing/planted.ts': "import type { Context } from 'hono';",
        'lib/http/planted.ts': "import sharp from 'sharp';\nimport type { Page } from 'puppeteer-core';",
        'lib/captures/planted.ts': "import { SQSClient } from '@aws-sdk/client-sqs';",
        'lib/webhooks/planted.ts': "import r from '../../infra/resources.json' with { type: 'json' };",
      }).sort(),
    ).toEqual(
      [
        'package lib/billing/planted.ts → hono',
        'package lib/http/planted.ts → sharp',
        'package lib/http/planted.ts → puppeteer-core',
        'package lib/captures/planted.ts → @aws-sdk/client-sqs',
        'package lib/webhooks/planted.ts → infra/resources.json',
      ].sort(),
    );
  });

  it('catches HTTP headers set below http/', () => {
    expect(
      newKeys({ 'lib/store/planted.ts': "throw new Unavailable('dynamodb', 'x').withHeaders({ a: 'b' });" }),
    ).toEqual(['header lib/store/planted.ts → withHeaders']);
  });

  it('catches a new folder of lib/ that is in no layer', () => {
    expect(newKeys({ 'lib/ai/style.ts': "import '../schemas/capture.ts';" })).toEqual([
      'unplaced lib/ai/style.ts → ai',
    ]);
  });
});
