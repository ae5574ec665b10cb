/**
 * @module schemas/response
 * What the API answers about renders and jobs (§3, §4), as valibot schemas: the one definition
 * the routes return, the job record stores as its result, and the OpenAPI document shows.
 */
import * as v from 'valibot';
import { described } from './fields.ts';

const TIME = 'ISO 8601 UTC with milliseconds';

/** A box in document CSS px. */
const Box = v.pipe(
  v.object({
    x: described(v.number(), 'Left edge in document CSS px.'),
    y: described(v.number(), 'Top edge in document CSS px (from the top of the page, not the viewport).'),
    width: described(v.number(), 'Width in CSS px.'),
    height: described(v.number(), 'Height in CSS px.'),
  }),
  v.description("The element's box on the page, in document CSS px."),
);

/** What every view of a render shows. */
const RenderEntries = {
  id: described(v.string(), 'The render id (`cap_…`).'),
  url: described(
    v.string(),
    "Signed URL of the image, valid for the render's retention (30 days by default, 24 h for test keys); it redirects to short-lived storage links, so it can be embedded.",
  ),
  width: described(v.number(), 'Image width in pixels.'),
  height: described(v.number(), 'Image height in pixels.'),
  format: described(
    v.string(),
    'Image format: `png`, `webp`, `jpg`, `avif` or `gif` (`webp` and `gif` animated with `animation`); `pdf` for a printed page (/v1/raw).',
  ),
  created_at: described(v.string(), `When the render was made (${TIME}).`),
};

/** How `element` was resolved: the chosen element (and, on its own, each alternative). */
const ElementMatch = {
  selector: described(v.string(), 'A CSS selector that finds the element.'),
  score: described(v.number(), 'Match confidence from 0 to 1; 1 for `selector`.'),
  text_excerpt: described(v.string(), "The start of the element's visible text."),
  box: Box,
};

/** A map whose keys are parameter names. */
const decisions = (description: string) => described(v.record(v.string(), v.unknown()), description);

/** The answer to a capture (§3): sync 201, a job's `result`, a webhook's payload. */
export const CaptureResponse = v.pipe(
  v.object({
    ...RenderEntries,
    duration_ms: described(
      v.number(),
      'Milliseconds the capture took: from request to answer when synchronous, the render itself in a job.',
    ),
    credits_used: described(
      v.number(),
      'Credits this capture debited: 0 for a cache hit or a test key, else the price of the options used.',
    ),
    cached: described(
      v.boolean(),
      'Whether an existing render was reused (free) instead of capturing again.',
    ),
    warnings: described(
      v.array(v.string()),
      'Things that did not go as asked but did not fail the capture: unknown parameters ignored, blocked sub-resources, limits applied.',
    ),
    /** With `show_resolved_params`: the parameters as the capture ran them. */
    resolved_params: v.optional(
      decisions(
        'With `show_resolved_params`: every parameter as the capture ran it, defaults and device emulation resolved.',
      ),
    ),
    /** With `selector` / `element`: the element's box. */
    element_resolved: v.optional(
      v.pipe(
        v.object({
          ...ElementMatch,
          /** `element`: the next best candidates. */
          alternatives: v.optional(
            described(
              v.array(
                described(v.object(ElementMatch), 'A runner-up element, described like the chosen one.'),
              ),
              "With `element`: the next best candidates, best first; use one's selector if the choice was wrong.",
            ),
          ),
        }),
        v.description('With `selector` or `element`: the element that was captured.'),
      ),
    ),
    /** With `upload_url` (§14): how the upload went. */
    upload: v.optional(
      v.pipe(
        v.object({
          status: described(
            v.picklist(['uploaded', 'failed']),
            '`uploaded`, or `failed` (the render is fine either way).',
          ),
          http_status: v.optional(described(v.number(), 'The status the upload URL answered with.')),
          message: v.optional(described(v.string(), 'Why it failed, and what to check.')),
        }),
        v.description('With `upload_url`: the outcome of the PUT to it.'),
      ),
    ),
    /** For a project with `storage` (§14): the render's copy in the project's bucket. */
    storage: v.optional(
      v.pipe(
        v.object({
          bucket: described(v.string(), "The project's bucket."),
          key: described(v.string(), 'The object key: `{prefix}{render id}.{format}`.'),
          url: described(
            v.string(),
            "The object's URL: path-style at the project's `endpoint`, else the AWS S3 URL. Readable as far as the bucket's policy or `acl` allows.",
          ),
          status: described(
            v.picklist(['stored', 'failed']),
            '`stored`, or `failed` (the render and its charge are the same either way).',
          ),
          message: v.optional(
            described(v.string(), 'Why it failed, and which `storage` field of the project to fix.'),
          ),
        }),
        v.description("For a capture with a project that has `storage`: the write to the project's bucket."),
      ),
    ),
    /** `output.format: "pdf"` on /v1/raw (§14). */
    pdf: v.optional(
      v.pipe(
        v.object({
          pages: described(v.number(), 'Pages printed.'),
          paper: described(v.string(), 'Paper size: `A4`, `Letter`, `Legal` or `A3`.'),
          landscape: described(v.boolean(), 'Whether the pages are landscape.'),
        }),
        v.description(
          'With `output.format: "pdf"`: the printed document; `width` and `height` are then one page in CSS px (96 per inch).',
        ),
      ),
    ),
    /** With `animation` (§14): what the animated image holds. */
    animation: v.optional(
      v.pipe(
        v.object({
          frames: described(v.number(), 'Frames in the animated image.'),
          fps: described(v.number(), 'Frames per second.'),
          duration_ms: described(v.number(), 'How long one loop plays, in ms.'),
          scrolled_px: described(v.number(), 'How far the page scrolled, in CSS px.'),
        }),
        v.description('With `animation`: the recorded scroll, as encoded.'),
      ),
    ),
    /**
     * With `ai_style`, `ai_copy`, `ai_brand` or `prompt` (§10): per option, what was chosen and a
     * one-line reason from the page's signals.
     */
    ai_decisions: v.optional(
      v.pipe(
        v.object({
          style: v.optional(
            decisions('With `ai_style`: each styling parameter chosen, with its value and the reason.'),
          ),
          copy: v.optional(decisions('With `ai_copy`: the text written, with where it came from.')),
          brand: v.optional(
            decisions('With `ai_brand`: the brand colours and font found, with their sources.'),
          ),
          prompt: v.optional(
            v.pipe(
              v.object({
                understood: decisions(
                  'The parameters the prompt set, after later phrases overrode earlier ones.',
                ),
                phrases: described(
                  v.array(
                    described(
                      v.object({
                        phrase: described(v.string(), 'The words of the prompt.'),
                        sets: decisions('The parameters those words set.'),
                      }),
                      'One understood phrase.',
                    ),
                  ),
                  'What each phrase set, in reading order.',
                ),
                ignored: described(v.array(v.string()), 'Words of the prompt that set nothing.'),
                refined_by_model: v.optional(
                  described(v.boolean(), "Whether the deployment's model provider refined the reading."),
                ),
              }),
              v.description('With `prompt`: how it was read.'),
            ),
          ),
        }),
        v.description(
          "With `ai_style`, `ai_copy`, `ai_brand` or `prompt`: per option, what was chosen and why, from the page's signals. Parameters you set are never overridden.",
        ),
      ),
    ),
  }),
  v.description("A capture's render: the synchronous 201 answer, a job's `result` and a webhook's payload."),
);
export type CaptureResponse = v.InferOutput<typeof CaptureResponse>;

/** A stored render as `GET /v1/renders` lists it. */
export const RenderView = v.pipe(
  v.object({
    ...RenderEntries,
    bytes: described(v.number(), 'Size of the image in bytes.'),
    kind: described(
      v.picklist(['capture', 'raw']),
      'Which endpoint made it: `capture` (styled) or `raw` (the bare screenshot).',
    ),
    source_url: described(v.string(), 'The page that was captured.'),
    expires_at: described(v.string(), `When the render and its URL stop working (${TIME}).`),
  }),
  v.description('A stored render.'),
);
export type RenderView = v.InferOutput<typeof RenderView>;

/** `async: true` (§4): 202 with the job to poll (`completed` at once on a cache hit). */
export const AcceptedJob = v.pipe(
  v.object({
    job_id: described(v.string(), 'The job id (`job_…`) to poll at GET /v1/jobs/{id}.'),
    status: described(
      v.picklist(['pending', 'completed']),
      '`pending` (queued), or `completed` at once when a cached render answered it.',
    ),
    /** Set when a synchronous request became this job (`async_fallback`): why. */
    warnings: v.optional(
      described(
        v.array(v.string()),
        'Set when a synchronous capture continued as this job (`async_fallback`): why.',
      ),
    ),
  }),
  v.description(
    'A queued capture: the 202 answer to `async: true`, or to a synchronous capture that would outlast the request.',
  ),
);
export type AcceptedJob = v.InferOutput<typeof AcceptedJob>;

export const JobError = v.pipe(
  v.object({
    code: described(v.string(), 'The error code, as in the error envelope (e.g. `capture_failed`).'),
    reason: v.optional(
      described(
        v.string(),
        'For `capture_failed`: `navigation_timeout`, `http_error`, `dns_error`, `selector_not_found`, `element_not_found`, `target_blocked` or `render_failed`.',
      ),
    ),
    message: described(v.string(), 'What went wrong, for people.'),
    status: v.optional(described(v.number(), 'With `http_error`: the HTTP status the page answered with.')),
  }),
  v.description('Why a job failed; its credits were refunded.'),
);
export type JobError = v.InferOutput<typeof JobError>;

/** `GET /v1/jobs/{id}` (§4). */
export const JobView = v.pipe(
  v.object({
    id: described(v.string(), 'The job id (`job_…`).'),
    status: described(
      v.picklist(['pending', 'completed', 'failed']),
      '`pending` until the capture ends, then `completed` (see `result`) or `failed` (see `error`).',
    ),
    stage: described(
      v.picklist(['queued', 'rendering', 'composing', 'storing', 'done']),
      'Progress for pollers: `queued`, `rendering` (browser), `composing` (styling), `storing`, `done`.',
    ),
    result: v.nullable(CaptureResponse),
    error: v.nullable(JobError),
    attempts: described(
      v.number(),
      'How many times a worker has started the capture; transient failures retry up to 3 attempts.',
    ),
    webhook_url: v.nullable(described(v.string(), 'Where the outcome is POSTed, or null.')),
    webhook_status: described(
      v.picklist(['none', 'pending', 'delivered', 'failed']),
      'Webhook delivery: `none` (no webhook_url), `pending` (not delivered yet, retrying), `delivered`, `failed` (retries used up).',
    ),
    created_at: described(v.string(), `When the job was queued (${TIME}).`),
    started_at: v.nullable(described(v.string(), `When a worker first started it (${TIME}), or null.`)),
    completed_at: v.nullable(described(v.string(), `When it completed or failed (${TIME}), or null.`)),
  }),
  v.description(
    'An async capture job. Poll it until `status` is not `pending`, backing off by the Retry-After header (seconds).',
  ),
);
export type JobView = v.InferOutput<typeof JobView>;
