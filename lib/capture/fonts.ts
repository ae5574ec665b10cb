/**
 * @module capture/fonts
 * The fonts Chromium renders pages with: only the ones in `assets/fonts` (Latin sans/serif/mono,
 * emoji, CJK, Arabic, Hebrew, Thai, Devanagari), through a fontconfig file of our own given to
 * the browser as `FONTCONFIG_FILE`. The machine's fonts are not used at all, so a page renders the
 * same on a laptop, in CI and on Lambda, and a fresh machine without font packages renders emoji
 * and CJK as glyphs, not empty boxes. Common font names pages ask for (Arial, Helvetica, Segoe UI,
 * Times, Courier, system-ui…) map to the shipped family of the same kind.
 */
import { copyFile, link, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assetPath } from '../assets.ts';

/** Families that cover what the Latin faces do not, in the order fontconfig falls back to them. */
const SCRIPT_FALLBACKS = [
  'Noto Sans Arabic',
  'Noto Sans Hebrew',
  'Noto Sans Thai',
  'Noto Sans Devanagari',
  'Droid Sans Fallback',
  'Noto Color Emoji',
];

/** Generic families and the shipped face each resolves to first. */
const GENERICS: Record<string, string> = {
  'sans-serif': 'Inter',
  serif: 'Noto Serif',
  monospace: 'JetBrains Mono',
};

/** Names pages ask for that no machine of ours has: each falls back to its generic family. */
const ALIASES: Record<string, string[]> = {
  'sans-serif': [
    'Arial',
    'Helvetica',
    'Helvetica Neue',
    'Segoe UI',
    'Roboto',
    'Open Sans',
    'Noto Sans',
    'Liberation Sans',
    'DejaVu Sans',
    'Verdana',
    'Tahoma',
    'system-ui',
    '-apple-system',
    'BlinkMacSystemFont',
    'ui-sans-serif',
  ],
  serif: ['Times New Roman', 'Times', 'Georgia', 'Liberation Serif', 'DejaVu Serif', 'ui-serif'],
  monospace: [
    'Courier New',
    'Courier',
    'Menlo',
    'Monaco',
    'Consolas',
    'SF Mono',
    'Liberation Mono',
    'DejaVu Sans Mono',
    'ui-monospace',
  ],
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const families = (names: string[]) => names.map((n) => `<family>${xml(n)}</family>`).join('');

/** The fontconfig document: the shipped fonts only, generic families, aliases, a cache dir. */
export function fontConfig(fontsDir: string, cacheDir: string): string {
  const generics = Object.entries(GENERICS).map(
    ([generic, face]) =>
      `  <alias binding="same"><family>${generic}</family><prefer>${families([face, ...SCRIPT_FALLBACKS])}</prefer></alias>`,
  );
  const aliases = Object.entries(ALIASES).flatMap(([generic, names]) =>
    names.map(
      (name) =>
        `  <alias binding="same"><family>${xml(name)}</family><default><family>${generic}</family></default></alias>`,
    ),
  );
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>${xml(fontsDir)}</dir>
  <cachedir>${xml(cacheDir)}</cachedir>
  <alias binding="same"><family>emoji</family><prefer><family>Noto Color Emoji</family></prefer></alias>
${generics.join('\n')}
${aliases.join('\n')}
  <!-- A family nobody has (a web font that failed, a typo) falls back to sans-serif, not to any font. -->
  <match target="pattern"><edit name="family" mode="append_last"><string>sans-serif</string></edit></match>
</fontconfig>
`;
}

/**
 * Writes `fonts.conf` into `dir` (a browser's own work dir) and returns its path, for
 * `FONTCONFIG_FILE`. The font files are linked (copied across file systems) into `dir/files`:
 * a sandboxed Chromium runs as `nobody`, which may not be able to reach the project's own
 * `assets/fonts` (a clone in a 0700 home or temp dir), but can always reach its work dir. The
 * cache sits beside it: fontconfig scans the ~20 files in a few milliseconds when a browser starts.
 */
export async function writeFontConfig(dir: string): Promise<string> {
  const file = join(dir, 'fonts.conf');
  const cache = join(dir, 'fontconfig-cache');
  const files = join(dir, 'files');
  await mkdir(cache, { recursive: true });
  await mkdir(files, { recursive: true });
  const source = assetPath('fonts');
  for (const name of await readdir(source)) {
    if (!/\.(ttf|otf)$/i.test(name)) continue;
    await link(join(source, name), join(files, name)).catch(() =>
      copyFile(join(source, name), join(files, name)),
    );
  }
  await writeFile(file, fontConfig(files, cache));
  return file;
}
