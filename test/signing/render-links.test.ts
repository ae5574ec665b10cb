import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { newId } from '../../lib/ids.ts';
import { renderUrl, verifyRenderUrl } from '../../lib/signing/render-url.ts';
import { putRender } from '../../lib/store/renders.ts';
import { isoTime } from '../../lib/store/table.ts';
import { call, type TestApp, testDeps } from '../helpers/stack.ts';

const SECRET = 'render-secret';
const NOW = 1_690_000_000_000;
const ID = 'cap_01J00000000000000000000000';

/** The `expires` and `sig` of a link `renderUrl` makes. */
function signed(expiresSeconds: number) {
  const url = new URL(renderUrl('https://x', SECRET, ID, 'png', expiresSeconds * 1000));
  return { expires: url.searchParams.get('expires')!, sig: url.searchParams.get('sig')! };
}

describe('render link expiry', () => {
  it('accepts the link as renderUrl writes it', () => {
    const { expires, sig } = signed(1_700_000_000);
    expect(verifyRenderUrl(SECRET, ID, 'png', expires, sig, NOW)).toBe('ok');
  });

  it.each([
    ['zero-padded to 13 digits', '0001700000000'],
    ['zero-padded to 12 digits', '001700000000'],
    ['with one leading zero', '01700000000'],
    ['signed', '+1700000000'],
    ['with a fraction', '1700000000.0'],
    ['in exponent form', '1.7e9'],
    ['with spaces', ' 1700000000'],
  ])('refuses the same expiry written %s as a bad signature', (_, spelling) => {
    const { sig } = signed(1_700_000_000);
    expect(verifyRenderUrl(SECRET, ID, 'png', spelling, sig, NOW)).toBe('bad_signature');
  });

  it('still tells an expired canonical link apart from a forged one', () => {
    const { expires, sig } = signed(1_600_000_000);
    expect(verifyRenderUrl(SECRET, ID, 'png', expires, sig, NOW)).toBe('expired');
  });
});

describe('GET /r/{id}.{ext}', () => {
  let deps: Deps;
  let app: TestApp;

  beforeAll(() => {
    deps = testDeps();
    app = buildApp(deps);
  });

  /** A render record (its object is never fetched: /r only presigns). */
  async function storedRender() {
    const now = deps.now();
    const id = newId('cap');
    await putRender(deps.table, {
      id,
      account_id: newId('acct'),
      format: 'png',
      content_type: 'image/png',
      width: 10,
      height: 10,
      bytes: 100,
      s3_key: `renders/x/${id}.png`,
      source_url: 'https://example.com/',
      kind: 'raw',
      test: false,
      created_at: isoTime(now),
      expires_at: isoTime(now + 3600_000),
      duration_ms: 1,
      warnings: [],
    });
    const link = new URL(
      renderUrl(deps.links.base, deps.links.secret, id, 'png', Date.parse(isoTime(now + 3600_000))),
    );
    return {
      path: link.pathname,
      expires: link.searchParams.get('expires')!,
      sig: link.searchParams.get('sig')!,
    };
  }

  it('redirects with the canonical expires and answers a zero-padded one like a bad signature', async () => {
    const { path, expires, sig } = await storedRender();
    const good = await app.request(`${path}?expires=${expires}&sig=${sig}`);
    expect(good.status).toBe(302);

    const padded = await call(app, 'GET', `${path}?expires=0${expires}&sig=${sig}`);
    const forged = await call(app, 'GET', `${path}?expires=${expires}&sig=${'0'.repeat(64)}`);
    expect(padded.status).toBe(401);
    expect(padded.json.error).toEqual(forged.json.error);
    expect(padded.json.error.message).toContain('Invalid render link signature');
  });
});
