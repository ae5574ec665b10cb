/** Bundles the Lambda entry points into dist/functions/*.mjs for `osls package`. */
import { readdirSync } from 'node:fs';
import { bundleLambda } from './lambda-bundle.ts';

const entryPoints = readdirSync('functions')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `functions/${f}`);

await bundleLambda(entryPoints, 'dist/functions');
console.log(`built ${entryPoints.length} functions into dist/functions`);
