/**
 * The CLI as a package, without the clone: `npm pack` of sdk/ and cli/, both tarballs installed
 * offline into an empty project, then `npx frameshot` run from there — version, sign, and a real
 * capture against the local stack.
 */
import { execFile } from 'node:child_process';
import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signCaptureUrl } from '@frameshot/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { createTestAccount } from '../helpers/stack.ts';
import { type ApiServer, startApiServer, tempDir } from './cli.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let dir: string;
let project: string;

/** Runs a command in the temp project with a clean environment (no repo on the path). */
async function inProject(command: string, args: string[], env: Record<string, string> = {}) {
  return run(command, args, {
    cwd: project,
    env: { PATH: process.env.PATH!, HOME: dir, npm_config_cache: join(dir, 'npm-cache'), ...env },
    timeout: 120_000,
  });
}

beforeAll(async () => {
  dir = await tempDir();
  project = join(dir, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'try-frameshot', private: true }));
  const { stdout } = await run(
    'npm',
    ['pack', join(ROOT, 'sdk'), join(ROOT, 'cli'), '--json', '--pack-destination', dir],
    {
      cwd: dir,
    },
  );
  const tarballs = (JSON.parse(stdout) as Array<{ filename: string }>).map((p) => join(dir, p.filename));
  // The SDK tarball satisfies the CLI's only dependency, so nothing is fetched.
  await inProject('npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs]);
}, 180_000);

afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

it('installs from the tarballs alone: the SDK is a real copy, not a link to the clone', async () => {
  const sdk = join(project, 'node_modules', '@frameshot', 'sdk');
  expect((await lstat(sdk)).isSymbolicLink()).toBe(false);
  const manifest = JSON.parse(await readFile(join(sdk, 'package.json'), 'utf8'));
  expect(manifest.name).toBe('@frameshot/sdk');
  const { stdout } = await inProject('npx', ['--no-install', 'frameshot', '--version']);
  expect(stdout.trim()).toBe(JSON.parse(await readFile(join(ROOT, 'cli', 'package.json'), 'utf8')).version);
});

it('npx frameshot sign prints the URL the SDK signs', async () => {
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const { stdout } = await inProject('npx', [
    '--no-install',
    'frameshot',
    'sign',
    'https://example.com',
    '--device',
    'iphone-16-pro',
    '--project',
    'prj_01JT8ZQ4X5Y6Z7A8B9C0D1E2F3',
    '--secret',
    'fss_secret',
    '--expires',
    String(expires),
    '--base-url',
    'https://shots.example.com',
  ]);
  const params = { url: 'https://example.com', device: 'iphone-16-pro' };
  const projectId = 'prj_01JT8ZQ4X5Y6Z7A8B9C0D1E2F3';
  const expected = signCaptureUrl({
    baseUrl: 'https://shots.example.com',
    projectId,
    secret: 'fss_secret',
    params,
    expires,
  });
  expect(stdout.trim()).toBe(expected);
});

describe('against the local stack', () => {
  let api: ApiServer;
  let site: FixtureServer;
  beforeAll(async () => {
    api = await startApiServer();
    site = await startFixtureServer();
  });
  afterAll(async () => {
    await api?.close();
    await site?.close();
  });

  it('npx frameshot capture saves the render; an error names its request id', async () => {
    const { apiKey } = await createTestAccount(api.deps);
    const env = { FRAMESHOT_BASE_URL: api.baseUrl, FRAMESHOT_API_KEY: apiKey, XDG_CONFIG_HOME: dir };
    const out = join(project, 'shot.png');
    const page = `${site.origin}/basic.html`;
    const { stdout } = await inProject(
      'npx',
      ['--no-install', 'frameshot', 'capture', page, '-o', out, '-q'],
      env,
    );
    expect(stdout.trim()).toBe(out);
    expect([...(await readFile(out)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    const refused = await inProject(
      'npx',
      ['--no-install', 'frameshot', 'capture', page, '--device', 'nokia'],
      env,
    ).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/^ {2}request id: req_\S+$/m);
  });
});
