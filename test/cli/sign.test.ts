import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCaptureUrl } from '../../cli/lib/sign.js';
import { runCli } from './cli.ts';

const SECRET = 'whsec_test-signing-secret-0123456789';
const PROJECT = 'prj_01JT8ZQ4X5Y6Z7A8B9C0D1E2F3';
const BASE = 'https://shots.example.com';

/** Contract §5, written out independently of bin/lib/sign.js: URLSearchParams → pairs → sort → HMAC. */
function referenceSignature(query: URLSearchParams, secret: string): string {
  const pairs = [...query]
    .filter(([k]) => k !== 'signature')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort();
  return createHmac('sha256', secret)
    .update(`GET\n/v1/capture\n${pairs.join('&')}`)
    .digest('hex');
}

/** Parameters with every character the contract calls out: spaces, +, unicode, *, ', (, ). */
const AWKWARD: Record<string, string> = {
  url: 'https://example.com/a b/päge?q=1+2&x=(y)',
  title: "It's 100% *free* (for now) + more",
  subtitle: 'Café — 日本語 🚀 a+b=c & d',
  badge: "~!*'()",
  selector: "div[data-x='1'] > p:not(.a)",
  'output.format': 'webp',
};

async function sign(args: string[], env: Record<string, string> = {}) {
  return runCli(['sign', ...args], { env: { FRAMESHOT_BASE_URL: BASE, ...env } });
}

describe('frameshot sign', () => {
  it('mints a URL whose signature is the reference recipe over exactly the given parameters', async () => {
    const args = Object.entries(AWKWARD).flatMap(([k, v]) => [`--${k}`, v]);
    const before = Math.floor(Date.now() / 1000);
    const run = await sign([
      ...args,
      '--block',
      'ads',
      '--block',
      '*.doubleclick.net/*',
      '--project',
      PROJECT,
      '--secret',
      SECRET,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const url = new URL(run.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/v1/capture`);
    expect(url.search).not.toContain('+');
    // What the server decodes is what was given (a literal + stays a +).
    const q = url.searchParams;
    for (const [k, v] of Object.entries(AWKWARD)) expect(q.get(k)).toBe(v);
    expect(q.get('block')).toBe('ads,*.doubleclick.net/*');
    expect(q.get('project_id')).toBe(PROJECT);
    const expires = Number(q.get('expires'));
    expect(expires - before).toBeGreaterThanOrEqual(7 * 86400);
    expect(expires - before).toBeLessThanOrEqual(7 * 86400 + 5);
    expect(q.get('signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.get('signature')).toBe(referenceSignature(q, SECRET));

    const expected = new URLSearchParams({
      ...AWKWARD,
      block: 'ads,*.doubleclick.net/*',
      project_id: PROJECT,
    });
    expected.set('expires', String(expires));
    expect(q.get('signature')).toBe(referenceSignature(expected, SECRET));
  });

  it('matches the exported signCaptureUrl, takes --expires / --expires-in and the secret from the environment', async () => {
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const run = await sign(
      [
        'https://example.com/ü',
        '--device',
        'iphone-16-pro',
        '--full-page',
        '--project',
        PROJECT,
        '--expires',
        String(expires),
      ],
      {
        FRAMESHOT_SIGNING_SECRET: SECRET,
      },
    );
    expect(run.code).toBe(0);
    const fromModule = signCaptureUrl(
      BASE,
      { url: 'https://example.com/ü', device: 'iphone-16-pro', full_page: true },
      { projectId: PROJECT, secret: SECRET, expires },
    );
    expect(run.stdout.trim()).toBe(fromModule);
    expect(referenceSignature(new URL(fromModule).searchParams, SECRET)).toBe(
      new URL(fromModule).searchParams.get('signature'),
    );

    const hours = await sign([
      'example.com',
      '--project',
      PROJECT,
      '--secret',
      SECRET,
      '--expires-in',
      '12h',
    ]);
    const lifetime = Number(new URL(hours.stdout).searchParams.get('expires')) - Date.now() / 1000;
    expect(Math.round(lifetime / 60)).toBe(12 * 60);
  });

  it('signs nested parameters and lists from code the same way the command line does', () => {
    const expires = new Date('2030-01-01T00:00:00Z');
    const url = signCaptureUrl(
      `${BASE}/`,
      { url: 'https://example.com', output: { format: 'webp', width: 1200 }, block: ['ads', 'trackers'] },
      { projectId: PROJECT, secret: SECRET, expires },
    );
    const q = new URL(url).searchParams;
    expect([...q.keys()]).toEqual([
      'block',
      'expires',
      'output.format',
      'output.width',
      'project_id',
      'url',
      'signature',
    ]);
    expect(q.get('expires')).toBe('1893456000');
    expect(q.get('signature')).toBe(referenceSignature(q, SECRET));
    expect(() =>
      signCaptureUrl(BASE, { url: 'x', expires: 1 }, { projectId: PROJECT, secret: SECRET, expires }),
    ).toThrow(/expires is set by the signer/);
  });

  it('refuses to sign without a project, a secret or a page, with exit 2', async () => {
    const noProject = await sign(['https://example.com', '--secret', SECRET]);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toContain('--project prj_… is required');
    const noSecret = await sign(['https://example.com', '--project', PROJECT]);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('--secret (or FRAMESHOT_SIGNING_SECRET) is required');
    const badLifetime = await sign([
      'https://example.com',
      '--project',
      PROJECT,
      '--secret',
      SECRET,
      '--expires-in',
      'soon',
    ]);
    expect(badLifetime.code).toBe(2);
    expect(badLifetime.stderr).toContain('--expires-in takes');
  });
});
