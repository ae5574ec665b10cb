/**
 * @module schemas/plan
 * The shape of a `CapturePlan`: everything decided about a capture before a browser is touched.
 * `captures/prepare` makes one; the sync route runs it at once, the async route stores it on the
 * job (so it is plain data: no secrets, no functions) and the worker runs the stored copy.
 */
import type { CaptureParams, RawParams } from './capture.ts';

export interface CapturePlan {
  kind: 'capture' | 'raw';
  accountId: string;
  /** A test key's render: free, kept 24 h, never a cache hit for a live one. */
  test: boolean;
  /**
   * The validated parameters. The page inputs (`FIELDS.page`), the composition inputs (the
   * style groups and `output`) and the delivery fields are read from here by group.
   */
  params: CaptureParams | RawParams;
  /** Warnings to answer with (unknown parameters ignored, …). */
  warnings: string[];
  /** What `show_resolved_params` echoes (emulation resolved, timeout clamped); absent when not asked. */
  resolvedParams?: Record<string, unknown>;
  /** The auth profile the page loads with: opened when the plan runs, so a plan never holds secrets. */
  authProfile?: { id: string; cacheScope: string };
  /** The project whose defaults were merged (and whose webhook secret signs). */
  projectId?: string;
  /** The cache key (`captures/cache-key`). */
  cacheKey: string;
  /** Credits reserved for it (0 for test keys). */
  price: number;
  /** The time it may run, and the concurrency slot it needs meanwhile. */
  budget: { timeoutMs: number; slotLimit: number; slotLeaseMs: number };
  /** The render it makes. */
  renderId: string;
  /** What its debit and refund are keyed by: the render id when sync, the job id when async. */
  refundRef: string;
  /** Set when it runs as a job (`async: true`). */
  jobId?: string;
  /**
   * A job's `html` document, stored apart (blobs/documents): the stored plan's params hold no
   * `html`, and the worker puts it back from here before running the plan.
   */
  documentKey?: string;
  /** Page understanding (§10), when `ai_style`, `ai_copy`, `ai_brand` or `prompt` is used. */
  ai?: PlanAi;
}

export interface PlanAi {
  /** Parameters someone chose (request, prompt, project): AI styling never overrides them. */
  explicit: string[];
  /** How `prompt` was read. */
  prompt?: {
    /** The parameters it set, after later phrases overrode earlier ones. */
    understood: Record<string, unknown>;
    /** What each phrase set, in reading order. */
    phrases: { phrase: string; sets: Record<string, unknown> }[];
    ignored: string[];
    refined_by_model?: boolean;
  };
  /**
   * `ai_brand`: the domain its profile is cached under (absent for a private page, loaded with an
   * auth profile), and the cached profile when there is a fresh one.
   */
  brand?: { domain?: string; cached?: Record<string, unknown> };
}
