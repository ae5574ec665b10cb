/**
 * @module captures/prepare
 * A request → its `CapturePlan` (schemas/plan): the parameters resolved (project defaults,
 * schema, auth profile — captures/params), then everything else decided before a browser is
 * touched: emulation, timeout budget, slot, cache key, price, ids. The plan is plain data, so
 * the sync route runs it at once and the async route stores it on the job for the worker.
 */
import { findBackground } from '../backgrounds/catalogue.ts';
import { closeMatches } from '../backgrounds/search.ts';
import { effectivePlan } from '../billing/plans.ts';
import { type CaptureKind, priceOf } from '../billing/prices.ts';
import { frameCount } from '../capture/animation.ts';
import { resolveEmulation } from '../capture/emulation.ts';
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { InvalidParams } from '../errors.ts';
import { newId } from '../ids.ts';
import { SYNC_TIMEOUT_MS, slotLeaseMs, syncTimeoutProblem, timeoutBudget } from '../schemas/budgets.ts';
import type { CaptureParams, RawParams } from '../schemas/capture.ts';
import type { CapturePlan, PlanAi } from '../schemas/plan.ts';
import type { Account } from '../store/accounts.ts';
import { animationBudgetProblem } from './animation-budget.ts';
import { planBrand } from './brand.ts';
import { cacheKey } from './cache-key.ts';
import { resolveParams } from './params.ts';
import type { PromptDecision } from './prompt.ts';

export interface CaptureRequest {
  kind: CaptureKind;
  account: Pick<Account, 'id' | 'plan' | 'limits'>;
  /** Made with a test key. */
  test: boolean;
  /** The body, or the query read into the body's shape. */
  body: unknown;
}

export interface Prepared {
  plan: CapturePlan;
  /** The auth profile's credentials, already opened: a sync run uses them; a plan never holds them. */
  session?: CaptureSession;
}

export async function prepare(deps: Deps, req: CaptureRequest): Promise<Prepared> {
  const { kind, account, test } = req;
  const { params, explicit, prompt, project, session, warnings } = await resolveParams(deps, {
    kind,
    accountId: account.id,
    body: req.body,
  });
  const problem = syncTimeoutProblem(params);
  if (problem) {
    throw new InvalidParams(problem, [
      { path: 'timeout_ms', message: `At most ${SYNC_TIMEOUT_MS} without async` },
    ]);
  }
  if (params.animation) checkAnimationBudget(kind, params);
  if ('background_style' in params) checkBackground(params, warnings);
  const ai = usesAi(params) ? await planAi(deps, params, explicit, prompt) : undefined;
  const renderId = newId('cap');
  const jobId = params.async ? newId('job') : undefined;
  const plan: CapturePlan = {
    kind,
    accountId: account.id,
    test,
    params,
    warnings,
    ...(params.show_resolved_params ? { resolvedParams: resolvedParams(params) } : {}),
    ...(session ? { authProfile: { id: params.auth_profile_id!, cacheScope: session.cacheScope } } : {}),
    ...(project ? { projectId: project.id } : {}),
    cacheKey: cacheKey({ kind, params, authProfileId: session?.cacheScope, test }),
    price: test ? 0 : priceOf(kind, params, { brandCached: Boolean(ai?.brand?.cached) }),
    budget: {
      timeoutMs: timeoutBudget(params),
      slotLimit: effectivePlan(account, deps.config.plans).concurrentCaptures,
      slotLeaseMs: slotLeaseMs(params),
    },
    renderId,
    refundRef: jobId ?? renderId,
    ...(jobId ? { jobId } : {}),
    ...(ai ? { ai } : {}),
  };
  return { plan, ...(session ? { session: session.data } : {}) };
}

/**
 * `background` must name a catalogue background (§9): an unknown one is a 400 with the closest
 * references, not a silent fallback. A tint with nothing to tint is only a warning.
 */
function checkBackground(params: CaptureParams, warnings: string[]): void {
  const ref = params.background;
  if (ref && !findBackground(ref)) {
    const close = closeMatches(ref);
    const hint = close.length ? ` Did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : '';
    const message = `Unknown background "${ref}".${hint} GET /v1/backgrounds lists them all.`;
    throw new InvalidParams(message, [{ path: 'background', message }]);
  }
  if (params.background_tint && (!ref || params.background_image_url)) {
    warnings.push(
      'background_tint re-colours a catalogue background (background: "pack/slug") and was ignored without one',
    );
  }
}

const usesAi = (p: CaptureParams | RawParams): p is CaptureParams =>
  'ai_style' in p && Boolean(p.ai_style || p.ai_copy || p.ai_brand || p.prompt);

/** What page understanding needs from the request: who chose what, the prompt's reading, the brand cache. */
async function planAi(
  deps: Deps,
  params: CaptureParams,
  explicit: string[],
  prompt: PromptDecision | undefined,
): Promise<PlanAi> {
  return {
    explicit,
    ...(prompt
      ? {
          prompt: {
            // "no device" reads as `device: undefined`: what it set, as JSON shows it.
            understood: Object.fromEntries(Object.entries(prompt.params).filter(([, v]) => v !== undefined)),
            phrases: prompt.phrases,
            ignored: prompt.ignored,
            ...(prompt.refined_by_model ? { refined_by_model: true } : {}),
          },
        }
      : {}),
    ...(params.ai_brand ? { brand: await planBrand(deps, params) } : {}),
  };
}

/** The parameters as the capture runs them: emulation resolved, the timeout as budgeted (§3). */
function resolvedParams(params: CaptureParams | RawParams): Record<string, unknown> {
  const emulation = resolveEmulation(params);
  // The caller has the document; echoing up to 2 MiB of it back helps nobody.
  const { html, ...rest } = params;
  return {
    ...rest,
    ...(html === undefined ? {} : { html_bytes: Buffer.byteLength(html) }),
    viewport: emulation.viewport,
    capture_dpr: emulation.dpr,
    user_agent: emulation.userAgent,
    emulate_mobile: emulation.mobile,
    emulate_touch: emulation.touch,
    timeout_ms: timeoutBudget(params),
  };
}

/** §14: an animation that cannot be made within its budget is refused before anything loads. */
function checkAnimationBudget(kind: CaptureKind, params: CaptureParams | RawParams): void {
  const problem = animationBudgetProblem(
    {
      frames: frameCount(params.animation!),
      format: params.output.format as 'webp' | 'gif',
      kind,
    },
    timeoutBudget(params),
    params.async,
  );
  if (problem) throw new InvalidParams(problem, [{ path: 'animation', message: problem }]);
}
