/**
 * @module billing/prices
 * The contract's credit table (§3 "Credits") in one place.
 */

export type CaptureKind = 'capture' | 'raw';

export interface PricedParams {
  full_page?: boolean;
  element?: string;
  selector?: string;
  ai_style?: boolean;
  ai_copy?: boolean;
  ai_brand?: boolean;
  prompt?: string;
  animation?: object;
}

export const PRICES = {
  capture: 3,
  raw: 1,
  full_page: 1,
  element: 1,
  ai_style: 2,
  ai_copy: 1,
  ai_brand: 2,
  prompt: 1,
  animation: 2,
} as const;

/** Credits a capture costs before cache and test-key exemptions. */
export function priceOf(kind: CaptureKind, p: PricedParams, options: { brandCached?: boolean } = {}): number {
  let price = PRICES[kind];
  if (p.full_page) price += PRICES.full_page;
  // `selector` wins over `element`, so a natural-language lookup only costs when it runs.
  if (p.element && !p.selector) price += PRICES.element;
  if (p.ai_style) price += PRICES.ai_style;
  if (p.ai_copy) price += PRICES.ai_copy;
  if (p.ai_brand && !options.brandCached) price += PRICES.ai_brand;
  if (p.prompt) price += PRICES.prompt;
  if (p.animation) price += PRICES.animation;
  return price;
}
