/**
 * Chromium renders with the fonts in assets/fonts only (capture/fonts.ts), so a machine without
 * font packages renders emoji, CJK, Arabic, Hebrew, Thai and Devanagari as glyphs, not tofu. Two
 * proofs on a real browser launched the way the pool launches it: Chromium's own report of the
 * font that drew each run of text (CSS.getPlatformFontsForNode), and pixels — each script's glyph
 * differs from the rendering of a character no font has (the tofu box).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Browser, Page } from 'puppeteer-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveChromium } from '../../lib/capture/chromium.ts';
import { fontConfig } from '../../lib/capture/fonts.ts';
import { launchChromium } from '../../lib/capture/sandbox.ts';

let browser: Browser;
let page: Page;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'frameshot-fonts-'));
  const binary = await resolveChromium(process.env['FRAMESHOT_CHROMIUM_PATH']);
  ({ browser } = await launchChromium(binary, workDir, 'auto', []));
  page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 900 });
  const html = await readFile(new URL('../fixtures/pages/multiscript.html', import.meta.url), 'utf8');
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** The platform fonts Chromium drew a node's text with: family → glyph count. */
async function fontsOf(selector: string): Promise<Record<string, number>> {
  const cdp = await page.createCDPSession();
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return Object.fromEntries(fonts.map((f) => [f.familyName, f.glyphCount]));
}

const EXPECTED: Record<string, string> = {
  emoji: 'Noto Color Emoji',
  japanese: 'Droid Sans Fallback',
  chinese: 'Droid Sans Fallback',
  korean: 'Droid Sans Fallback',
  arabic: 'Noto Sans Arabic',
  hebrew: 'Noto Sans Hebrew',
  thai: 'Noto Sans Thai',
  hindi: 'Noto Sans Devanagari',
};

describe('fonts Chromium renders pages with', () => {
  it.each(Object.entries(EXPECTED))('draws %s text with the shipped %s', async (id, family) => {
    const used = await fontsOf(`#${id}`);
    expect(Object.keys(used)).toContain(family);
    // Nothing from the machine's own fonts.
    for (const name of Object.keys(used)) {
      expect([...Object.values(EXPECTED), 'Inter']).toContain(name);
    }
  });

  it('maps the system font names pages ask for to the shipped Inter', async () => {
    expect(Object.keys(await fontsOf('h1'))).toContain('Inter');
  });

  it('renders each script as glyphs, not as the tofu box of a character no font has', async () => {
    const shot = async (id: string) => {
      const png = await (await page.$(`#cell-${id}`))!.screenshot();
      return sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    };
    const tofu = await shot('tofu');
    const { width, height } = tofu.info;
    for (const id of ['emoji', 'japanese', 'korean', 'arabic', 'hebrew', 'thai', 'hindi']) {
      const glyph = await shot(id);
      const differing = pixelmatch(glyph.data, tofu.data, undefined, width, height, { threshold: 0.1 });
      expect(differing, id).toBeGreaterThan(40);
    }
  });

  it('writes a fontconfig file naming only the shipped fonts directory', () => {
    const conf = fontConfig('/opt/frameshot/assets/fonts', '/tmp/cache');
    expect(conf.match(/<dir>/g)).toHaveLength(1);
    expect(conf).toContain('<dir>/opt/frameshot/assets/fonts</dir>');
    expect(conf).not.toContain('/etc/fonts');
    expect(conf).not.toContain('<include');
  });
});
