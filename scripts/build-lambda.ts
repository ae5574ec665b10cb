/**
 * Builds everything `osls package` zips (serverless.yml), for one Lambda architecture:
 * - `dist/functions/*.mjs`: the bundled entry points (scripts/lambda-bundle.ts), with source maps
 *   beside them (packaged only with `--param="sourceMaps=true"`);
 * - `dist/layers/chromium-<arch>/chromium/bin/*.br`: the Chromium layer, @sparticuz/chromium's
 *   brotli files copied (not linked: the zip must hold the files). Lambda extracts a layer under
 *   /opt, so the functions find them at /opt/chromium/bin (`FRAMESHOT_CHROMIUM_BIN_DIR`);
 * - `node_modules/@img/sharp-linux-<cpu>` and `@img/sharp-libvips-linux-<cpu>`: sharp's binary
 *   for Lambda's CPU whatever machine builds (installed with `--os=linux --cpu=<cpu>` when absent).
 *
 * Usage: tsx scripts/build-lambda.ts [--arch x86_64|arm64] [--chromium-bin DIR]
 * `--arch` must match serverless.yml's `architecture` param (default x86_64): the layer folder is
 * named after it, so packaging another architecture than the one built finds no layer and fails.
 * @sparticuz/chromium's npm package holds the x64 binary only: for arm64, pass `--chromium-bin`
 * with the brotli files of its arm64 pack (`chromium-v<version>-pack.arm64.tar`, GitHub releases).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createBrotliDecompress } from 'node:zlib';
import { bundleLambda } from './lambda-bundle.ts';

export type Architecture = 'x86_64' | 'arm64';

/** npm's and sharp's name for each Lambda architecture, and the ELF machine of its binaries. */
const CPUS: Record<Architecture, { cpu: 'x64' | 'arm64'; elfMachine: number }> = {
  x86_64: { cpu: 'x64', elfMachine: 0x3e },
  arm64: { cpu: 'arm64', elfMachine: 0xb7 },
};

/** The files @sparticuz/chromium's `executablePath(dir)` inflates (al2023: Lambda's Node 20+ images). */
export const CHROMIUM_FILES = ['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br', 'al2023.tar.br'];

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

const installedVersion = (name: string): string | undefined => {
  const file = path.join('node_modules', name, 'package.json');
  return existsSync(file) ? readJson(file).version : undefined;
};

/**
 * Makes sure node_modules holds sharp's Linux binary and libvips for `arch`, at the versions the
 * installed sharp pins; installs the missing ones for that platform (never saved to package.json).
 */
export function ensureSharpFor(arch: Architecture): string[] {
  const { cpu } = CPUS[arch];
  const pins: Record<string, string> = readJson('node_modules/sharp/package.json').optionalDependencies;
  const wanted = [`@img/sharp-linux-${cpu}`, `@img/sharp-libvips-linux-${cpu}`].map((name) => {
    const version = pins[name];
    if (!version) throw new Error(`sharp pins no ${name}: is this sharp version built for linux-${cpu}?`);
    return { name, version };
  });
  const missing = wanted.filter((p) => installedVersion(p.name) !== p.version);
  if (missing.length) {
    const specs = missing.map((p) => `${p.name}@${p.version}`);
    console.log(`installing ${specs.join(' ')} for linux-${cpu} (not saved)`);
    execFileSync('npm', ['install', '--no-save', '--os=linux', `--cpu=${cpu}`, '--libc=glibc', ...specs], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    const still = missing.filter((p) => installedVersion(p.name) !== p.version);
    if (still.length) {
      throw new Error(`npm did not install ${still.map((p) => `${p.name}@${p.version}`).join(', ')}`);
    }
  }
  return wanted.map((p) => p.name);
}

/** The ELF machine field of the binary inside a brotli file (its first 20 bytes suffice). */
function elfMachineOf(brotliFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const source = createReadStream(brotliFile, { start: 0, end: 64 * 1024 });
    const inflate = createBrotliDecompress();
    let head = Buffer.alloc(0);
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      source.destroy();
      inflate.destroy();
      if (err && head.length < 20) reject(err);
      else if (head.subarray(0, 4).toString('latin1') !== '\x7fELF')
        reject(new Error(`${brotliFile} is no ELF binary`));
      else resolve(head.readUInt16LE(18));
    };
    inflate.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length >= 20) done();
    });
    // The slice ends mid-stream: brotli reports a truncated input once the head is out.
    inflate.on('error', (err) => done(err));
    inflate.on('end', () => done(new Error(`${brotliFile} is too short`)));
    source.on('error', (err) => done(err));
    source.pipe(inflate);
  });
}

/**
 * Copies the Chromium brotli files into `<layersDir>/chromium-<arch>/chromium/bin`, after checking
 * they are all there and that the binary is built for `arch`. Only that architecture's layer is
 * left in `layersDir`: a stale one of the other would package. Returns the layer's folder.
 */
export async function buildChromiumLayer(
  binDir: string,
  layersDir: string,
  arch: Architecture,
): Promise<string> {
  const absent = CHROMIUM_FILES.filter((f) => !existsSync(path.join(binDir, f)));
  if (absent.length) throw new Error(`${binDir} lacks ${absent.join(', ')}`);
  const machine = await elfMachineOf(path.join(binDir, 'chromium.br'));
  if (machine !== CPUS[arch].elfMachine) {
    throw new Error(
      `${binDir}/chromium.br is not built for ${arch} (ELF machine 0x${machine.toString(16)}).` +
        (arch === 'arm64'
          ? " @sparticuz/chromium's npm package holds the x64 binary only: pass --chromium-bin with the brotli files of its arm64 pack (GitHub releases)."
          : ''),
    );
  }
  rmSync(layersDir, { recursive: true, force: true });
  const layerDir = path.join(layersDir, `chromium-${arch}`);
  const target = path.join(layerDir, 'chromium', 'bin');
  mkdirSync(target, { recursive: true });
  for (const file of CHROMIUM_FILES) copyFileSync(path.join(binDir, file), path.join(target, file));
  return layerDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: {
      arch: { type: 'string', default: process.env.FRAMESHOT_LAMBDA_ARCH ?? 'x86_64' },
      'chromium-bin': { type: 'string', default: 'node_modules/@sparticuz/chromium/bin' },
    },
  });
  const arch = values.arch as Architecture;
  if (!(arch in CPUS)) throw new Error(`--arch is x86_64 or arm64, not ${arch}`);

  const entryPoints = readdirSync('functions')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `functions/${f}`);
  rmSync('dist/functions', { recursive: true, force: true });
  await bundleLambda(entryPoints, 'dist/functions');
  console.log(`built ${entryPoints.length} functions into dist/functions`);

  const layerDir = await buildChromiumLayer(values['chromium-bin']!, 'dist/layers', arch);
  console.log(`built the Chromium layer into ${layerDir} (/opt/chromium/bin on Lambda)`);

  const sharp = ensureSharpFor(arch);
  console.log(`sharp for ${arch}: ${sharp.join(', ')}`);
}
