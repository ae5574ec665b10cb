/**
 * How a Lambda entry point becomes a bundle (ESM, Node 22): shared by `npm run build:lambda` and
 * the test that runs bundles from the unzipped deployment package. Chromium and sharp stay
 * external: their binaries ship in node_modules (see serverless.yml).
 */
import { build } from 'esbuild';

export async function bundleLambda(entryPoints: string[], outdir: string): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    sourcemap: true,
    external: ['@sparticuz/chromium', 'sharp'],
    // Bundled CommonJS dependencies call `require`; ESM has none. The alias cannot collide with a
    // bundled module's own `createRequire` import (lib/capture/consent.ts has one).
    banner: {
      js: "import { createRequire as __frameshotCreateRequire } from 'node:module'; const require = __frameshotCreateRequire(import.meta.url);",
    },
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
}
