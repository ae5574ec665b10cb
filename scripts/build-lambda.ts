/**
 * Bundles the Lambda entry points into dist/functions/*.js (ESM, Node 22) for `osls package`.
 * Chromium and sharp stay external: their binaries ship in node_modules (see serverless.yml).
 */
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const entryPoints = readdirSync('functions')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `functions/${f}`);

await build({
  entryPoints,
  outdir: 'dist/functions',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: true,
  external: ['@sparticuz/chromium', 'sharp'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
console.log(`built ${entryPoints.length} functions into dist/functions`);
