import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { belongsTo, openLoginBrowser, profileDomain, recordSession } from '../../cli/lib/auth-browser.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { runCli } from './cli.ts';

let site: FixtureServer;
beforeAll(async () => {
  site = await startFixtureServer();
});
afterAll(() => site?.close());

describe('frameshot auth login', () => {
  it('says a display is needed instead of opening a browser when DISPLAY is not set', async () => {
    const run = await runCli(['auth', 'login', '--url', `${site.origin}/storage.html`], {
      env: {
        FRAMESHOT_API_KEY: 'sf_test_unused',
        FRAMESHOT_BASE_URL: 'http://127.0.0.1:1',
        DISPLAY: undefined,
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('there is no display here (DISPLAY is not set)');
    expect(site.requests('/storage.html')).toHaveLength(0);
  });

  it('checks its arguments before anything else', async () => {
    const run = await runCli(['auth', 'login', '--url', 'ftp://example.com'], {
      env: { FRAMESHOT_API_KEY: 'k' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--url <login page> is required (an http:// or https:// URL)');
  });

  it('names the profile domain by the registrable domain of the login page', () => {
    expect(profileDomain('https://app.example.co.uk/login')).toBe('example.co.uk');
    expect(profileDomain('https://accounts.example.com/sso?next=/')).toBe('example.com');
    expect(profileDomain('http://127.0.0.1:3000/login')).toBe('127.0.0.1');
    expect(profileDomain('http://localhost:3000/login')).toBe('localhost');
    expect(belongsTo('app.example.com', 'example.com')).toBe(true);
    expect(belongsTo('badexample.com', 'example.com')).toBe(false);
  });
});

describe('recording a browser session (headless)', () => {
  it('keeps the cookies and localStorage of the domain, including origins no longer open, and leaves other sites out', async () => {
    const session = await openLoginBrowser(`${site.origin}/storage.html`, { headed: false, env: {} });
    try {
      const [page] = await session.browser.pages();
      // The person moves on to another site: 127.0.0.1's storage must still be found.
      await page!.goto(`http://localhost:${site.port}/storage.html`);
      const recorded = await recordSession(session, '127.0.0.1');
      expect(recorded.cookies).toEqual([
        expect.objectContaining({
          name: 'visited',
          value: 'yes',
          domain: '127.0.0.1',
          path: '/',
          httpOnly: false,
        }),
      ]);
      expect(recorded.cookies[0]!.expires).toBeGreaterThan(Date.now() / 1000);
      expect(recorded.skippedCookies).toBe(1);
      expect(recorded.local_storage).toEqual({ [site.origin]: { visited: 'yes' } });
      // Reading the closed origin's storage sent nothing to the site.
      expect(site.requests('/', '127.0.0.1').filter((r) => r.path === '/')).toHaveLength(0);
    } finally {
      await session.browser.close();
    }
  });
});
