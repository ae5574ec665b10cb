/**
 * How a Lambda entry point becomes a bundle (ESM, Node 22): shared by `npm run build:lambda` and
 * the tests that check the deployment packages. Chromium and sharp stay external: sharp's binary
 * ships in each capture function's node_modules, @sparticuz/chromium's JavaScript too, and its
 * brotli-packed binary in the chromium layer (see serverless.yml).
 */
import { build, type Metafile } from 'esbuild';

/** Packages the bundles import at run time instead of bundling (their binaries cannot be). */
export const EXTERNAL = ['@sparticuz/chromium', 'sharp'];

/**
 * Bundles `entryPoints` into `outdir` (`<name>.mjs` beside `<name>.mjs.map`) and returns esbuild's
 * metafile: which external package each bundle imports, and how. `write: false` only computes it.
 */
export async function bundleLambda(
  entryPoints: string[],
  outdir: string,
  { write = true }: { write?: boolean } = {},
): Promise<Metafile> {
  const result = await build({
    entryPoints,
    outdir,
    write,
    metafile: true,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    sourcemap: true,
    external: EXTERNAL,
    // Bundled CommonJS dependencies call `require`; ESM has none. The alias cannot collide with a
    // bundled module's own `createRequire` import (lib/capture/consent.ts has one).
    banner: {
      js: "import { createRequire as __frameshotCreateRequire } from 'node:module'; const require = __frameshotCreateRequire(import.meta.url);",
    },
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return result.metafile;
}

/**
 * The external packages (of EXTERNAL) a bundle imports when it loads — static imports — and the
 * ones it imports only dynamically, when the code path that needs them runs.
 */
export function externalImports(
  metafile: Metafile,
  entryPoint: string,
): { atLoad: string[]; dynamic: string[] } {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint === entryPoint);
  if (!output) throw new Error(`no bundle for ${entryPoint}`);
  const of = (kinds: string[]) =>
    [
      ...new Set(
        output.imports
          .filter((i) => i.external && EXTERNAL.includes(i.path) && kinds.includes(i.kind))
          .map((i) => i.path),
      ),
    ].sort();
  const atLoad = of(['import-statement', 'require-call']);
  return { atLoad, dynamic: of(['dynamic-import']).filter((p) => !atLoad.includes(p)) };
}
