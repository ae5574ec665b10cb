/**
 * @module captures/respond
 * Renders as the API shows them (`schemas/response`): the capture response (§3) — sync 201, a
 * job's result — and the render view of `GET /v1/renders`, both from one mapping of the record.
 */
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse, RenderView } from '../schemas/response.ts';
import { linkToRender, type RenderLinks } from '../signing/render-url.ts';
import type { Render } from '../store/renders.ts';

/** The fields every view of a render shares. */
function renderBasics(render: Render, links: RenderLinks) {
  return {
    id: render.id,
    url: linkToRender(render, links),
    width: render.width,
    height: render.height,
    format: render.format,
    created_at: render.created_at,
  };
}

/** The answer to a plan's capture: its render, what it cost, and what the plan asked to echo. */
export function captureResponse(
  render: Render,
  links: RenderLinks,
  plan: Pick<CapturePlan, 'warnings' | 'resolvedParams'>,
  run: { durationMs: number; creditsUsed: number; cached: boolean },
): CaptureResponse {
  const { created_at, ...basics } = renderBasics(render, links);
  return {
    ...basics,
    duration_ms: run.durationMs,
    credits_used: run.creditsUsed,
    cached: run.cached,
    warnings: [...plan.warnings, ...render.warnings],
    created_at,
    ...(plan.resolvedParams ? { resolved_params: plan.resolvedParams } : {}),
    ...(render.element_resolved ? { element_resolved: render.element_resolved } : {}),
    ...(render.ai_decisions ? { ai_decisions: render.ai_decisions } : {}),
    ...(render.pdf ? { pdf: render.pdf } : {}),
    ...(render.animation ? { animation: render.animation } : {}),
  };
}

export function renderView(render: Render, links: RenderLinks): RenderView {
  const { created_at, ...basics } = renderBasics(render, links);
  return {
    ...basics,
    bytes: render.bytes,
    kind: render.kind,
    source_url: render.source_url,
    created_at,
    expires_at: render.expires_at,
  };
}
