/**
 * @module captures/respond
 * The capture response (§3): `{ id, url, width, height, format, duration_ms, credits_used,
 * cached, warnings[], created_at }` plus `resolved_params` / `element_resolved` when asked for.
 */
import { linkToRender, type RenderLinks } from '../signing/render-url.ts';
import type { Render } from '../store/renders.ts';

export interface CaptureResponse {
  id: string;
  url: string;
  width: number;
  height: number;
  format: string;
  duration_ms: number;
  credits_used: number;
  cached: boolean;
  warnings: string[];
  created_at: string;
  resolved_params?: Record<string, unknown>;
  element_resolved?: Record<string, unknown>;
}

export function captureResponse(
  render: Render,
  links: RenderLinks,
  extra: {
    durationMs: number;
    creditsUsed: number;
    cached: boolean;
    warnings?: string[];
    resolvedParams?: Record<string, unknown>;
  },
): CaptureResponse {
  return {
    id: render.id,
    url: linkToRender(render, links),
    width: render.width,
    height: render.height,
    format: render.format,
    duration_ms: extra.durationMs,
    credits_used: extra.creditsUsed,
    cached: extra.cached,
    warnings: [...(extra.warnings ?? []), ...render.warnings],
    created_at: render.created_at,
    ...(extra.resolvedParams ? { resolved_params: extra.resolvedParams } : {}),
    ...(render.element_resolved ? { element_resolved: render.element_resolved } : {}),
  };
}
