/**
 * @module schemas/response
 * What the API answers about renders and jobs (§3, §4), as valibot schemas: the one definition
 * the routes return, the job record stores as its result, and the OpenAPI document shows.
 */
import * as v from 'valibot';

/** A box in document CSS px. */
const Box = v.object({ x: v.number(), y: v.number(), width: v.number(), height: v.number() });

/** What every view of a render shows. */
const RenderEntries = {
  id: v.string(),
  url: v.string(),
  width: v.number(),
  height: v.number(),
  format: v.string(),
  created_at: v.string(),
};

/** The answer to a capture (§3): sync 201, a job's `result`, a webhook's payload. */
export const CaptureResponse = v.object({
  ...RenderEntries,
  duration_ms: v.number(),
  credits_used: v.number(),
  cached: v.boolean(),
  warnings: v.array(v.string()),
  /** With `show_resolved_params`: the parameters as the capture ran them. */
  resolved_params: v.optional(v.record(v.string(), v.unknown())),
  /** With `selector` / `element`: the element's box. */
  element_resolved: v.optional(
    v.object({
      selector: v.string(),
      score: v.number(),
      text_excerpt: v.string(),
      box: Box,
      /** `element`: the next best candidates. */
      alternatives: v.optional(
        v.array(v.object({ selector: v.string(), score: v.number(), text_excerpt: v.string(), box: Box })),
      ),
    }),
  ),
  /**
   * With `ai_style`, `ai_copy`, `ai_brand` or `prompt` (§10): per option, what was chosen and a
   * one-line reason from the page's signals.
   */
  ai_decisions: v.optional(
    v.object({
      style: v.optional(v.record(v.string(), v.unknown())),
      copy: v.optional(v.record(v.string(), v.unknown())),
      brand: v.optional(v.record(v.string(), v.unknown())),
      prompt: v.optional(
        v.object({
          understood: v.record(v.string(), v.unknown()),
          phrases: v.array(v.object({ phrase: v.string(), sets: v.record(v.string(), v.unknown()) })),
          ignored: v.array(v.string()),
          refined_by_model: v.optional(v.boolean()),
        }),
      ),
    }),
  ),
});
export type CaptureResponse = v.InferOutput<typeof CaptureResponse>;

/** A stored render as `GET /v1/renders` lists it. */
export const RenderView = v.object({
  ...RenderEntries,
  bytes: v.number(),
  kind: v.picklist(['capture', 'raw']),
  source_url: v.string(),
  expires_at: v.string(),
});
export type RenderView = v.InferOutput<typeof RenderView>;

/** `async: true` (§4): 202 with the job to poll (`completed` at once on a cache hit). */
export const AcceptedJob = v.object({
  job_id: v.string(),
  status: v.picklist(['pending', 'completed']),
  /** Set when a synchronous request became this job (`async_fallback`): why. */
  warnings: v.optional(v.array(v.string())),
});
export type AcceptedJob = v.InferOutput<typeof AcceptedJob>;

export const JobError = v.object({
  code: v.string(),
  reason: v.optional(v.string()),
  message: v.string(),
  status: v.optional(v.number()),
});
export type JobError = v.InferOutput<typeof JobError>;

/** `GET /v1/jobs/{id}` (§4). */
export const JobView = v.object({
  id: v.string(),
  status: v.picklist(['pending', 'completed', 'failed']),
  stage: v.picklist(['queued', 'rendering', 'composing', 'storing', 'done']),
  result: v.nullable(CaptureResponse),
  error: v.nullable(JobError),
  attempts: v.number(),
  webhook_url: v.nullable(v.string()),
  webhook_status: v.picklist(['none', 'pending', 'delivered', 'failed']),
  created_at: v.string(),
  started_at: v.nullable(v.string()),
  completed_at: v.nullable(v.string()),
});
export type JobView = v.InferOutput<typeof JobView>;
