/**
 * @module capture/glob
 * `*` globs matched without a regular expression. A pattern comes from the caller, so a regex
 * built from it (`*` → `.*`) backtracks: `*a*a*a*a*a*a*!` against a URL with many `a`s costs
 * O(n⁸) and stalls the event loop for everyone. Here the literal parts between stars are found
 * in order, leftmost first (always correct for `*`-only globs), so one match costs at most
 * O(|text| × |pattern|) and never more.
 */

export interface Glob {
  /** Lower-cased literal parts; `parts.length - 1` stars stand between them. */
  readonly parts: readonly string[];
}

/** Compiles a case-insensitive glob; consecutive stars collapse into one. */
export function compileGlob(pattern: string): Glob {
  return { parts: collapseStars(pattern.toLowerCase()).split('*') };
}

/** Does the glob match the whole of `text` (already lower-cased)? */
export function globMatches(glob: Glob, text: string): boolean {
  const { parts } = glob;
  const first = parts[0]!;
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1]!;
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

function collapseStars(pattern: string): string {
  let out = '';
  for (const ch of pattern) if (ch !== '*' || !out.endsWith('*')) out += ch;
  return out;
}
