/**
 * An `html` document without `base_url` lives at an address that never resolves: browser frames
 * show an empty URL field for it, as for a new tab, not `document.frameshot.invalid`.
 */
import { describe, expect, it } from 'vitest';
import { displayHost } from '../../lib/compose/devices/index.ts';
import { compose } from '../../lib/compose/index.ts';
import { HTML_DOCUMENT_URL } from '../../lib/schemas/capture.ts';
import { desktop, params } from './helpers.ts';

describe('the URL field of an html document', () => {
  it('is empty for the address that never resolves, and the host for any other', () => {
    expect(displayHost(HTML_DOCUMENT_URL)).toBe('');
    expect(displayHost('https://www.lumen.app/analytics')).toBe('lumen.app');
    expect(displayHost('http://127.0.0.1:8080/x')).toBe('127.0.0.1:8080');
  });

  it.each(['browser-macos', 'browser-windows'])('composes a %s frame around it', async (device) => {
    const out = await compose(desktop, params({ device, output: { width: 800, height: 600 } }), {
      pageUrl: HTML_DOCUMENT_URL,
      pageTitle: 'Hello',
    });
    expect([out.width, out.height]).toEqual([800, 600]);
  });
});
