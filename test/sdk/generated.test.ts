/**
 * The committed SDK is what the generator makes from today's API: openapi.json, the generated
 * sources and the built dist are regenerated into a temp folder and compared file by file.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { generateSdk, SDK_DIR } from '../../scripts/generate-sdk.ts';

/** Every file under `dir`, as paths relative to `root`. */
async function files(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? files(root, join(dir, e.name)) : [relative(root, join(dir, e.name))],
    ),
  );
  return nested.flat().sort();
}

const GENERATED = async (root: string) => [
  'openapi.json',
  ...(await files(root, join(root, 'src', 'generated'))),
  ...(await files(root, join(root, 'dist'))),
];

let out: string | undefined;
afterAll(() => (out ? rm(out, { recursive: true, force: true }) : undefined));

it('sdk/openapi.json, sdk/src/generated and sdk/dist are up to date (else: npm run sdk)', async () => {
  out = await mkdtemp(join(tmpdir(), 'frameshot-sdk-'));
  await generateSdk(out);
  const fresh = await GENERATED(out);
  expect(await GENERATED(SDK_DIR), 'the generated files differ: run npm run sdk').toEqual(fresh);
  for (const file of fresh) {
    const [committed, regenerated] = await Promise.all([
      readFile(join(SDK_DIR, file), 'utf8'),
      readFile(join(out, file), 'utf8'),
    ]);
    expect(committed === regenerated, `sdk/${file} is stale: run npm run sdk`).toBe(true);
  }
}, 180_000);
