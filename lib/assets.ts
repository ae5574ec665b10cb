/**
 * @module assets
 * Files that ship beside the code (fonts, filter lists, the API reference's script) live in the
 * project's `assets/`. They are found from this module's location by walking up to the first
 * directory holding `assets/`, so the same code finds them from `lib/` under tsx and from a
 * bundle in `dist/functions/` on Lambda (where `serverless.yml` packages `assets/**`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function findAssets(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'assets', 'fonts'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`assets/ not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return join(dir, 'assets');
}

function assetsRoot(): string {
  root ??= findAssets();
  return root;
}

/** The absolute path of `assets/<parts…>`. */
export const assetPath = (...parts: string[]): string => join(assetsRoot(), ...parts);
