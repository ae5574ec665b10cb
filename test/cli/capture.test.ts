import { readdir } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { createTestAccount } from '../helpers/stack.ts';
import { type ApiServer, runCli, startApiServer, tempDir } from './cli.ts';

let api: ApiServer;
let site: FixtureServer;
let env: Record<string, string>;
let page: string;

beforeAll(async () => {
  api = await startApiServer();
  site = await startFixtureServer();
  const { apiKey } = await createTestAccount(api.deps, { credits: 1000 });
  env = { FRAMESHOT_BASE_URL: api.baseUrl, FRAMESHOT_API_KEY: apiKey, XDG_CONFIG_HOME: await tempDir() };
  page = `${site.origin}/basic.html`;
});

/** A port nothing listens on. */
async function closedPort() {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

afterAll(async () => {
  await api?.close();
  await site?.close();
});

describe('frameshot capture', () => {
  it('writes the render to -o as a PNG of the reported size and prints the JSON with --json', async () => {
    const dir = await tempDir();
    const out = join(dir, 'shot.png');
    const run = await runCli(
      ['capture', page, '--viewport.width', '800', '--viewport.height', '600', '-o', out, '--json'],
      {
        env,
      },
    );
    expect(run.stderr).toContain('Capturing 127.0.0.1');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ file: out, format: 'png', cached: false, credits_used: 3 });
    expect(result.id).toMatch(/^cap_/);
    const meta = await sharp(out).metadata();
    expect(meta).toMatchObject({ format: 'png', width: result.width, height: result.height });
    expect(await readdir(dir)).toEqual(['shot.png']);
  });

  it('names the file <host>-<cap id>.<format> in the working directory and honours --output.format webp', async () => {
    const dir = await tempDir();
    const run = await runCli(['capture', page, '--raw', '--output.format', 'webp', '--dark-mode', 'false'], {
      env,
      cwd: dir,
    });
    expect(run.code).toBe(0);
    const file = run.stdout.trim();
    expect(file).toMatch(/^127\.0\.0\.1-cap_[0-9A-Z]+\.webp$/);
    expect((await sharp(join(dir, file)).metadata()).format).toBe('webp');
    expect(run.stderr).toMatch(/webp, \d+ KiB, 1 credit,/);
  });

  it('prints the error message, every detail and the request id, and exits 2 on a 400', async () => {
    const dir = await tempDir();
    const run = await runCli(['capture', page, '--device', 'nokia-3310', '--output.format', 'bmp'], {
      env,
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Invalid device. Must be one of: iphone-16-pro');
    expect(run.stderr).toMatch(
      /^ {2}output\.format: Invalid output\.format\. Must be one of: png, webp, jpg, avif, gif$/m,
    );
    expect(run.stderr).toMatch(/^ {2}request id: req_\S+$/m);
    expect(await readdir(dir)).toEqual([]);
  });

  it('exits 2 with a pointer to login when there is no key, and 1 when the server is unreachable', async () => {
    const noKey = await runCli(['capture', page], { env: { ...env, FRAMESHOT_API_KEY: undefined } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain(`No API key for ${api.baseUrl}`);
    expect(noKey.stderr).toContain('frameshot login');
    const closed = await closedPort();
    const down = await runCli(['capture', page], {
      env: { ...env, FRAMESHOT_BASE_URL: `http://127.0.0.1:${closed}` },
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`Could not reach http://127.0.0.1:${closed} (ECONNREFUSED)`);
  });
});

describe('async captures', () => {
  let workers: { stop(): Promise<void> };
  beforeAll(() => {
    workers = startLocalWorkers(api.deps, { waitSeconds: 1 });
  });
  afterAll(() => workers?.stop());

  it('--async prints the job id; jobs status --watch -o follows the stages and downloads', async () => {
    // A page that answers after 2.5 s keeps the job in `rendering` long enough to be seen.
    const slow = `${site.origin}/slow?ms=2500&page=basic.html`;
    const queued = await runCli(['capture', slow, '--async', '--title', 'Async'], { env });
    expect(queued.code).toBe(0);
    const jobId = queued.stdout.trim();
    expect(jobId).toMatch(/^job_[0-9A-Z]+$/);
    expect(queued.stderr).toContain(`frameshot jobs status ${jobId} --watch`);

    const out = join(await tempDir(), 'async.png');
    const watched = await runCli(['jobs', 'status', jobId, '--watch', '-o', out], { env });
    expect(watched.code).toBe(0);
    expect(watched.stdout.trim()).toBe(out);
    expect(watched.stderr).toContain(`${jobId} pending: rendering`);
    expect(watched.stderr).toContain(`Downloading cap_`);
    expect((await sharp(out).metadata()).format).toBe('png');

    const status = await runCli(['jobs', 'status', jobId, '--json'], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: jobId, status: 'completed', stage: 'done' });
  });

  it('--async -o waits for the job itself and prints the result with the job id', async () => {
    const out = join(await tempDir(), 'direct.webp');
    const run = await runCli(['capture', page, '--async', '-o', out, '--json'], { env });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ file: out, format: 'webp' });
    expect(result.job_id).toMatch(/^job_/);
    const meta = await sharp(out).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: result.width, height: result.height });
  });

  it('jobs status of an unknown job exits 2 with the not-found message', async () => {
    const run = await runCli(['jobs', 'status', 'job_01JZZZZZZZZZZZZZZZZZZZZZZZ'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No job job_01JZZZZZZZZZZZZZZZZZZZZZZZ');
  });
});

describe('frameshot status', () => {
  it('prints the plan, balance, period end and the last 30 days from GET /v1/usage', async () => {
    const usage = await (
      await api.app.request('/v1/usage', { headers: { Authorization: `Bearer ${env.FRAMESHOT_API_KEY}` } })
    ).json();
    const run = await runCli(['status'], { env });
    expect(run.code).toBe(0);
    const n = (x: number) => x.toLocaleString('en-US');
    expect(run.stdout).toContain(`Server:       ${api.baseUrl}\nKey:          FRAMESHOT_API_KEY\n`);
    expect(run.stdout).toMatch(/^Plan: +pro$/m);
    expect(run.stdout).toContain(
      `Credits:      ${n(usage.credits_remaining)} remaining of ${n(usage.credits_monthly)} monthly`,
    );
    expect(run.stdout).toMatch(/^Period ends: +\d{4}-\d\d-\d\d \((in \d+ days|tomorrow|today)\)$/m);
    expect(run.stdout).toContain(
      `Last 30 days: ${n(usage.last_30_days.render_count)} renders, ${n(usage.last_30_days.credits_used)} credits`,
    );
    expect(usage.last_30_days.render_count).toBeGreaterThan(0);

    const json = await runCli(['status', '--json'], { env });
    expect(JSON.parse(json.stdout)).toEqual(usage);
  });
});
