import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../cli/cli.ts';
import { createTestAccount } from '../helpers/stack.ts';
import { BIN, httpClient, startHttpMcp, textOf } from './mcp.ts';

let api: ApiServer;
let mcp: Awaited<ReturnType<typeof startHttpMcp>>;
let defaultKey: string;
let otherKey: string;

beforeAll(async () => {
  api = await startApiServer();
  defaultKey = (await createTestAccount(api.deps, { credits: 100 })).apiKey;
  otherKey = (await createTestAccount(api.deps, { credits: 7 })).apiKey;
  mcp = await startHttpMcp({ FRAMESHOT_BASE_URL: api.baseUrl, FRAMESHOT_API_KEY: defaultKey });
});

afterAll(async () => {
  await mcp?.stop();
  await api?.close();
});

const creditsOf = async (client: Awaited<ReturnType<typeof httpClient>>) =>
  JSON.parse(textOf(await client.callTool({ name: 'usage', arguments: {} }))).credits_remaining;

describe('frameshot-mcp --http', () => {
  it('binds 127.0.0.1 and serves the tools at /mcp', async () => {
    expect(mcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await httpClient(mcp.url);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(6);
    expect(tools.find((t) => t.name === 'capture')?.inputSchema.properties).toHaveProperty('device');
    await client.close();
  });

  it("uses the request's bearer key over FRAMESHOT_API_KEY", async () => {
    const byDefault = await httpClient(mcp.url);
    const byBearer = await httpClient(mcp.url, otherKey);
    expect(await creditsOf(byDefault)).toBe(100);
    expect(await creditsOf(byBearer)).toBe(7);
    await byDefault.close();
    await byBearer.close();
  });

  it('reports a wrong bearer key as a tool error', async () => {
    const client = await httpClient(mcp.url, 'fs_live_wrong');
    const result = await client.callTool({ name: 'usage', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HTTP 401/);
    await client.close();
  });

  it('answers other paths with 404', async () => {
    const res = await fetch(mcp.url.replace(/\/mcp$/, '/other'), { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('frameshot-mcp command line', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );

  it('prints help and version', async () => {
    expect((await run(['--help'])).stdout).toMatch(/--http/);
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses to start over stdio without a key: one line on stderr, exit 2', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/FRAMESHOT_API_KEY/);
  });
});
