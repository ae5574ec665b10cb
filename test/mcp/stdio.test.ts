import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../cli/cli.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { call, createTestAccount } from '../helpers/stack.ts';
import { contentOf, stdioClient, textOf } from './mcp.ts';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let api: ApiServer;
let site: FixtureServer;
let apiKey: string;
let client: Client;
let page: string;

beforeAll(async () => {
  api = await startApiServer();
  site = await startFixtureServer();
  ({ apiKey } = await createTestAccount(api.deps, { credits: 1000 }));
  ({ client } = await stdioClient({ FRAMESHOT_BASE_URL: api.baseUrl, FRAMESHOT_API_KEY: apiKey }));
  page = `${site.origin}/basic.html`;
});

afterAll(async () => {
  await client?.close();
  await api?.close();
  await site?.close();
});

describe('frameshot-mcp over stdio', () => {
  it('lists the six tools with input schemas taken from the API', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['capture', 'get_job', 'list_backgrounds', 'raw_screenshot', 'sign_capture_url', 'usage'].sort(),
    );
    const capture = tools.find((t) => t.name === 'capture')!;
    const properties = capture.inputSchema.properties as Record<string, { enum?: string[] }>;
    expect(properties).toHaveProperty('background');
    expect(properties).toHaveProperty('output');
    expect(properties.device?.enum).toContain('iphone-16-pro');
    expect(JSON.stringify(tools)).not.toContain('$ref');
    expect(JSON.stringify(tools)).not.toContain('nullable');
    expect(capture.description).toMatch(/credits/);
    const raw = tools.find((t) => t.name === 'raw_screenshot')!;
    expect(raw.inputSchema.properties).toHaveProperty('viewport');
    expect(raw.inputSchema.properties).not.toHaveProperty('background_preset');
    expect(raw.inputSchema.properties).not.toHaveProperty('async');
  });

  it('returns a raw screenshot as PNG image content of the viewport width, with its JSON', async () => {
    const result = await client.callTool({
      name: 'raw_screenshot',
      arguments: { url: page, viewport: { width: 400, height: 300 }, capture_dpr: 1 },
    });
    expect(result.isError).toBeFalsy();
    const image = contentOf(result).find((c) => c.type === 'image')!;
    expect(image.mimeType).toBe('image/png');
    const bytes = Buffer.from(image.data!, 'base64');
    expect(bytes.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect((await sharp(bytes).metadata()).width).toBe(400);
    const facts = JSON.parse(textOf(result));
    expect(facts).toMatchObject({ width: 400, height: 300, credits_used: 1, cached: false });
    expect(facts.id).toMatch(/^cap_/);
    expect(facts.url).toMatch(/^http/);
  });

  it('returns a styled capture as an image of the reported size', async () => {
    const result = await client.callTool({
      name: 'capture',
      arguments: {
        url: page,
        device: 'browser-windows',
        background_preset: 'sunset',
        output: { format: 'png' },
      },
    });
    expect(result.isError).toBeFalsy();
    const facts = JSON.parse(textOf(result));
    const image = contentOf(result).find((c) => c.type === 'image')!;
    const meta = await sharp(Buffer.from(image.data!, 'base64')).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(facts.width);
    expect(meta.height).toBe(facts.height);
    expect(facts.credits_used).toBe(3);
  });

  it('answers a bad parameter with a tool error naming the field', async () => {
    const result = await client.callTool({ name: 'capture', arguments: { url: page, device: 'nokia' } });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/invalid_params/);
    expect(text).toMatch(/device/);
    expect(text).toMatch(/iphone-16-pro/);
    expect(text).toMatch(/request id: /);
  });

  it('signs a capture URL that the server answers with an image', async () => {
    const { json: project } = await call(api.app, 'POST', '/v1/projects', {
      key: apiKey,
      body: { name: 'Docs' },
    });
    const { json: secrets } = await call(api.app, 'GET', `/v1/projects/${project.id}/signing-secret`, {
      key: apiKey,
    });
    const result = await client.callTool({
      name: 'sign_capture_url',
      arguments: {
        params: { url: page, viewport: { width: 320, height: 240 }, background_style: 'none' },
        project_id: project.id,
        signing_secret: secrets.signing_secret,
        expires_in: 600,
      },
    });
    expect(result.isError).toBeFalsy();
    const url = textOf(result);
    expect(url.startsWith(`${api.baseUrl}/v1/capture?`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBeGreaterThan(0);
  });

  it('says what sign_capture_url misses without a project and secret', async () => {
    const result = await client.callTool({ name: 'sign_capture_url', arguments: { params: { url: page } } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/FRAMESHOT_PROJECT_ID/);
  });

  it('lists backgrounds compactly', async () => {
    const result = await client.callTool({ name: 'list_backgrounds', arguments: { limit: '3' } });
    expect(result.isError).toBeFalsy();
    const list = JSON.parse(textOf(result));
    expect(list.presets.map((p: { name: string }) => p.name)).toContain('sunset');
    expect(list.backgrounds.length).toBeLessThanOrEqual(3);
    for (const b of list.backgrounds) {
      expect(Object.keys(b).sort()).toEqual(['name', 'reference', 'tags', 'theme']);
      expect(b.reference).toMatch(/^[\w-]+\/[\w-]+$/);
    }
  });

  it('reports usage, with the credits the captures above spent', async () => {
    const result = await client.callTool({ name: 'usage', arguments: {} });
    expect(result.isError).toBeFalsy();
    const usage = JSON.parse(textOf(result));
    expect(usage.credits_remaining).toBeLessThan(1000);
    expect(usage.plan).toBe('pro');
  });

  it('says an unknown job is not found', async () => {
    const result = await client.callTool({
      name: 'get_job',
      arguments: { id: 'job_01JT8NOTAREALJOB0000000000' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/not_found|not found/i);
  });
});
