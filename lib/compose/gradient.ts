/**
 * @module compose/gradient
 * CSS `linear-gradient(...)` / `radial-gradient(...)` parsing for `background_gradient`.
 */

/**
 * Returns null when `input` is a gradient Frameshot can draw, otherwise a message that names
 * the problem (shown to the API user as the `background_gradient` error).
 */
export function gradientProblem(input: string): string | null {
  const s = input.trim().toLowerCase();
  if (!/^(linear|radial)-gradient\(.*\)$/s.test(s)) {
    return 'must be a CSS linear-gradient(...) or radial-gradient(...)';
  }
  return null;
}
