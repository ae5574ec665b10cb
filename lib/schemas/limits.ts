/**
 * @module schemas/limits
 * The pixel budgets every image Frameshot makes or reads stays under. Imports nothing, so the
 * schemas (which refuse what is known up front), the capture engine (what is only known after
 * load) and the composer (its inputs and output) all read the same numbers.
 */

/**
 * Largest capture in device pixels: width × height × capture_dpr² for the viewport, a
 * full page or an element. 120 M is the largest legitimate default with headroom — a
 * `macbook-pro-16` full page at the default `full_page_max_height` is 1728 × 16384 @2 = 113 M —
 * and keeps one capture's decoded copies (Chromium's tiles, the stitched RGB buffer, the
 * composer's decode) near 1 GB, inside a 2 GB Lambda. docs/capture.md has the measurements.
 */
export const CAPTURE_PIXEL_BUDGET = 120_000_000;

/**
 * Largest fetched image (`background_image_url`) that is decoded at all, in pixels. Its header is
 * read first; anything larger is refused before a pixel is decoded (a 16000 × 16000 PNG is a
 * few KB on the wire and 768 MB decoded). 40 M covers an 8K photo (7680 × 4320 = 33 M).
 */
export const FETCHED_IMAGE_PIXEL_LIMIT = 40_000_000;

/** Longest side of a composed render (device px, after `output.dpr`): 6144² = 37.7 M pixels. */
export const MAX_OUTPUT_SIDE = 6144;

/**
 * Largest raster the composer draws the framed subject into (device frame + screenshot, before
 * it is placed or warped): no larger than the largest output. A zoomed-in device on a 6144² canvas
 * would otherwise be drawn at 18432 px a side, most of it off the canvas (minutes, gigabytes).
 */
export const MAX_SUBJECT_PIXELS = MAX_OUTPUT_SIDE * MAX_OUTPUT_SIDE;

/** `123.4 Mpx` for messages: one decimal, never rounded down to the limit itself. */
export function megapixels(pixels: number): string {
  return `${Math.ceil(pixels / 100_000) / 10} Mpx`;
}

/**
 * Why a `width`×`height` CSS px region at `dpr` is over the capture budget, or undefined when it
 * is not. `names` are the parameter names the message uses for the three factors.
 */
export function captureBudgetProblem(
  width: number,
  height: number,
  dpr: number,
  names: { size: string; dpr: string },
): string | undefined {
  const pixels = width * height * dpr * dpr;
  if (pixels <= CAPTURE_PIXEL_BUDGET) return undefined;
  return `${names.size} × ${names.dpr}² is ${width} × ${height} × ${dpr}² = ${megapixels(pixels)}; the limit is ${megapixels(CAPTURE_PIXEL_BUDGET)}`;
}

/**
 * An animation's canvas (§14): its longer side at most this, whatever the still default is. An
 * animated image holds every frame; at the stills' 3.8 megapixels a 5 s animation would be tens
 * of MB and minutes of encoding.
 */
export const ANIMATION_MAX_SIDE = 1080;

/** Pixels of all an animation's frames together: the canvas shrinks to fit (memory and encode time). */
export const ANIMATION_PIXEL_BUDGET = 60_000_000;

/** The scale that brings `width` × `height` within `maxSide` on its longer side and `maxPixels` (may exceed 1). */
export const scaleToFit = (width: number, height: number, maxSide: number, maxPixels: number): number =>
  Math.min(maxSide / Math.max(width, height), Math.sqrt(maxPixels / (width * height)));
