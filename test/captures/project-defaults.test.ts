import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;

beforeAll(async () => {
  deps = captureDeps();
  app = buildApp(deps);
  site = await startFixtureServer();
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
});

describe('project defaults', () => {
  it('merge as request > project defaults > brand > system defaults, shown in resolved_params', async () => {
    const { apiKey } = await createTestAccount(deps);
    const { json: project } = await call(app, 'POST', '/v1/projects', {
      key: apiKey,
      body: {
        name: 'Docs',
        defaults: {
          device: 'iphone-16-pro',
          shadow: 'hard',
          output: { format: 'webp', quality: 70 },
          title_font: 'mono',
        },
        brand: { dark_mode: true, font: 'Georgia, serif', colors: { primary: '#e11d48' } },
      },
    });
    const res = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: `${site.origin}/basic.html?defaults=1`,
        project_id: project.id,
        device: 'browser-macos',
        output: { quality: 50 },
        show_resolved_params: true,
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.format).toBe('webp');
    expect(res.json.resolved_params).toMatchObject({
      device: 'browser-macos', // request wins over the project
      shadow: 'hard', // project default
      output: { format: 'webp', quality: 50, dpr: 1 }, // nested objects merge key by key
      title_font: 'mono', // project default wins over the brand
      subtitle_font: 'serif', // brand
      badge_color: '#e11d48', // brand
      dark_mode: true, // brand
      background_preset: 'aurora', // system default
      project_id: project.id,
    });
  });
});
