/**
 * @module captures/produce
 * One render from parameters: capture the page, compose (or just encode, for raw), store the
 * object and its record. Shared by the sync route and the async worker; it neither charges nor
 * caches — its callers do.
 */
import sharp from 'sharp';
import type { CaptureKind } from '../billing/prices.ts';
import { backgroundObjects } from '../blobs/backgrounds.ts';
import { putRender as putRenderObject, renderKey } from '../blobs/renders.ts';
import { capture } from '../capture/index.ts';
import { pngSize } from '../capture/screenshot.ts';
import type { CaptureInput, CaptureResult, CaptureSession } from '../capture/types.ts';
import { encode, encodeAnimation, RENDER_CONTENT_TYPES } from '../compose/encode.ts';
import { type ComposeContext, compose, composeAnimation, type Screenshot } from '../compose/index.ts';
import type { Deps } from '../deps.ts';
import { safeFetch } from '../net/index.ts';
import { type CaptureParams, FIELDS, type OutputParams, type RawParams } from '../schemas/capture.ts';
import { ANIMATION_MAX_SIDE, ANIMATION_PIXEL_BUDGET, scaleToFit } from '../schemas/limits.ts';
import type { PlanAi } from '../schemas/plan.ts';
import { forgetCached, putCached } from '../store/cache.ts';
import { deleteRenderRecord, putRender, type Render } from '../store/renders.ts';
import { isoTime } from '../store/table.ts';
import { needsSignals, type Understood, understandOptions, understandShot } from './understanding.ts';

export type Stage = 'rendering' | 'composing' | 'storing';

export interface ProduceInput {
  id: string;
  kind: CaptureKind;
  params: CaptureParams | RawParams;
  accountId: string;
  test: boolean;
  session?: CaptureSession;
  timeoutMs: number;
  /** Page understanding (§10): what the plan decided before the page loaded. */
  ai?: PlanAi;
  /** The render becomes the cached one under this hash, written with it. */
  cacheHash?: string;
  onStage?: (stage: Stage) => Promise<void> | void;
}

export interface Produced {
  render: Render;
  /** The encoded render, as stored. */
  image: Buffer;
  /** Milliseconds per stage of §14's Server-Timing: queue, navigate, ready, shot, compose, store. */
  timings: Record<string, number>;
  shot: Pick<CaptureResult, 'element_resolved' | 'warnings' | 'page'>;
}

const BACKGROUND_IMAGE_MAX_BYTES = 15 * 1024 * 1024;

/** The page-side fields of the parameters (the schema's page groups): what the capture engine reads. */
export function captureInput(
  params: CaptureParams | RawParams,
  session?: CaptureSession,
  ai?: PlanAi,
): CaptureInput {
  // Typed so that a page field the capture engine does not take fails to compile.
  const fields: ReadonlyArray<keyof CaptureInput> = FIELDS.page;
  const input = Object.fromEntries(
    fields.map((k) => [k, params[k as keyof typeof params]]),
  ) as unknown as CaptureInput;
  // `selector` wins over `element` (§3): the description is not even read then.
  if (input.selector) delete input.element;
  return {
    ...input,
    ...(session ? { session } : {}),
    ...('ai_style' in params && needsSignals(params, ai) ? { collect_signals: true } : {}),
    ...('pdf' in params && params.output.format === 'pdf' ? { pdf: params.pdf ?? PDF_DEFAULTS } : {}),
  };
}

/** `output.format: "pdf"` without `pdf` options: the schema's defaults. */
const PDF_DEFAULTS = { paper: 'A4', landscape: false, print_background: true, scale: 1 } as const;

/**
 * Raw captures: the screenshot itself, re-encoded and resized as `output` asks. A PNG at the
 * captured size is Chromium's own PNG, handed on as it came: decoding it and encoding it again
 * cost 40–130 ms at 2880×1800 and made the file smaller on some pages, larger on others (light
 * 641 → 359 KB, landing 417 → 548 KB, product 829 → 1313 KB; docs/benchmarks.md).
 */
async function encodeRaw(shot: CaptureResult, output: OutputParams) {
  if (output.format === 'png' && shot.format === 'png' && !output.width && !output.height) {
    return { data: shot.image, ...pngSize(shot.image), warnings: [] as string[] };
  }
  let img = sharp(shot.image);
  if (output.width || output.height) {
    img = img.resize({
      width: output.width,
      height: output.height,
      fit: output.width && output.height ? 'inside' : 'cover',
    });
  }
  const data = await encode(img, output.format, output.quality, true);
  const meta = await sharp(data).metadata();
  return { data, width: meta.width!, height: meta.height!, warnings: [] as string[] };
}

/** What the steps hand on: each fills its part. */
interface Work {
  deps: Deps;
  input: ProduceInput;
  started: number;
  shot?: CaptureResult;
  /** What page understanding chose: the parameters to compose with and why. */
  understood?: Understood;
  image?: { data: Buffer; width: number; height: number; warnings: string[] };
  render?: Render;
  /** Milliseconds spent in each of this module's steps. */
  spent: Record<string, number>;
}

/** Which of the capture engine's steps (capture/run timings) count toward which Server-Timing stage. */
const ENGINE_STAGES: Record<string, string> = {
  browser: 'queue',
  context: 'navigate',
  setup: 'navigate',
  navigate: 'navigate',
  wait: 'navigate',
  renavigate: 'navigate',
  consent: 'ready',
  inject: 'ready',
  element: 'ready',
  full_page: 'ready',
  ready: 'ready',
  blank_thumbnail: 'ready',
  signals: 'ready',
  screenshot: 'shot',
};

/** The stages of one render, in ms (contract §14 `Server-Timing`). */
function stageTimings(w: Work): Record<string, number> {
  const out: Record<string, number> = { queue: 0, navigate: 0, ready: 0, shot: 0 };
  for (const [step, ms] of Object.entries(w.shot?.timings ?? {})) {
    const stage = ENGINE_STAGES[step];
    if (stage) out[stage] = (out[stage] ?? 0) + ms;
  }
  return {
    ...out,
    compose: (w.spent.understand ?? 0) + (w.spent.compose ?? 0),
    store: w.spent.store ?? 0,
  };
}

/** The browser: the page loaded and shot. */
async function shoot(w: Work): Promise<void> {
  const { input, deps } = w;
  w.shot = await capture(deps.browser, captureInput(input.params, input.session, input.ai), {
    allowPrivateTargets: deps.config.allowPrivateTargets,
    timeoutMs: input.timeoutMs,
    ...(deps.config.ai ? { model: deps.config.ai } : {}),
  });
}

/** Page understanding (§10): the AI options' choices, under the parameters someone set. */
async function understand(w: Work): Promise<void> {
  const { input } = w;
  if (input.kind !== 'capture' || !input.ai) return;
  w.understood = await understandShot(
    input.params as CaptureParams,
    input.ai,
    w.shot!,
    understandOptions(w.deps),
  );
}

/** sharp: the shot composed into the styled render (or just encoded, for raw). */
async function composeShot(w: Work): Promise<void> {
  const { input, deps } = w;
  const shot = w.shot!;
  const output = input.params.output;
  if (shot.animation) {
    w.image = await animate(w, shot.animation);
    return;
  }
  w.image =
    shot.format === 'pdf'
      ? { data: shot.image, width: shot.width, height: shot.height, warnings: [] }
      : input.kind === 'raw'
        ? await encodeRaw(shot, { ...output, format: output.format === 'pdf' ? 'png' : output.format })
        : await compose(
            w.understood?.pixels
              ? { ...w.understood.pixels, dpr: shot.dpr }
              : { data: shot.image, width: shot.width, height: shot.height, dpr: shot.dpr },
            w.understood?.params ?? (input.params as CaptureParams),
            composeContext(deps, shot),
          );
}

/** What the composer may reach: the page's address and title, the catalogue, background images. */
function composeContext(deps: Deps, shot: CaptureResult): ComposeContext {
  return {
    pageUrl: shot.page.url,
    pageTitle: shot.page.title,
    backgrounds: backgroundObjects({ s3: deps.aws.s3, name: deps.config.bucket }),
    fetchImage: async (url) =>
      (
        await safeFetch(url, {
          allowPrivateTargets: deps.config.allowPrivateTargets,
          maxBytes: BACKGROUND_IMAGE_MAX_BYTES,
          timeoutMs: 10_000,
        })
      ).body,
  };
}

/** `animation` (§14): every frame composed (capture) or scaled (raw), encoded as one animated image. */
async function animate(w: Work, recording: NonNullable<CaptureResult['animation']>) {
  const { input, deps } = w;
  const shot = w.shot!;
  const delayMs = Math.round(1000 / recording.fps);
  const frames = recording.frames.map((data) => ({ data, width: shot.width, height: shot.height, dpr: 1 }));
  if (input.kind === 'capture') {
    const params = w.understood?.params ?? (input.params as CaptureParams);
    return composeAnimation(frames, delayMs, params, composeContext(deps, shot));
  }
  return rawAnimation(frames, delayMs, input.params.output);
}

/** A raw animation: the frames as recorded, scaled to `output` and the animation limits. */
async function rawAnimation(frames: Screenshot[], delayMs: number, output: RawParams['output']) {
  const first = frames[0]!;
  let { width, height } = first;
  // Like a still raw capture: resized to the width or the height, or to fit inside both.
  const asked = Math.min(
    output.width ? output.width / width : Number.POSITIVE_INFINITY,
    output.height ? output.height / height : Number.POSITIVE_INFINITY,
  );
  const shrink = Math.min(
    Number.isFinite(asked) ? asked : 1,
    scaleToFit(width, height, ANIMATION_MAX_SIDE, ANIMATION_PIXEL_BUDGET / frames.length),
  );
  [width, height] = [Math.max(1, Math.round(width * shrink)), Math.max(1, Math.round(height * shrink))];
  const decoded = new Map<Buffer, Promise<Buffer>>();
  const data = await Promise.all(
    frames.map((f) => {
      let raw = decoded.get(f.data);
      if (!raw) {
        raw = sharp(f.data).resize({ width, height, fit: 'fill' }).removeAlpha().raw().toBuffer();
        decoded.set(f.data, raw);
      }
      return raw;
    }),
  );
  const format = output.format as 'webp' | 'gif';
  const encoded = await encodeAnimation(
    { data, width, height, channels: 3, delayMs },
    format,
    output.quality,
  );
  return { data: encoded, width, height, warnings: [] as string[] };
}

/** S3 and the render record. */
async function store(w: Work): Promise<void> {
  const { input, deps } = w;
  const { config } = deps;
  const shot = w.shot!;
  const image = w.image!;
  const format = input.params.output.format;
  const now = deps.now();
  const retentionMs = input.test ? 24 * 3600 * 1000 : config.renderRetentionDays * 24 * 3600 * 1000;
  const key = renderKey(input.accountId, input.id, format);
  w.render = {
    id: input.id,
    account_id: input.accountId,
    format,
    content_type: RENDER_CONTENT_TYPES[format],
    width: image.width,
    height: image.height,
    bytes: image.data.length,
    s3_key: key,
    source_url: shot.page.url || input.params.url,
    kind: input.kind,
    test: input.test,
    created_at: isoTime(now),
    expires_at: isoTime(now + retentionMs),
    duration_ms: Math.round(performance.now() - w.started),
    warnings: [...shot.warnings, ...(w.understood?.warnings ?? []), ...image.warnings],
    ...(shot.element_resolved ? { element_resolved: { ...shot.element_resolved } } : {}),
    ...(shot.pdf ? { pdf: { ...shot.pdf } } : {}),
    ...(shot.animation
      ? {
          animation: {
            frames: shot.animation.frames.length,
            fps: shot.animation.fps,
            duration_ms: shot.animation.frames.length * Math.round(1000 / shot.animation.fps),
            scrolled_px: shot.animation.scrolled,
          },
        }
      : {}),
    ...(w.understood && Object.keys(w.understood.decisions).length
      ? { ai_decisions: w.understood.decisions }
      : {}),
  };
  // The object and its record at once, and the cache entry as soon as the object exists (a
  // request for the same parameters finds the entry: the object must be there by then). Neither
  // is any use without the object, so a failed write takes the others back. Nothing reads the
  // record until the answer names the render.
  const hash = input.cacheHash;
  const render = w.render;
  const object = putRenderObject(
    { s3: deps.aws.s3, name: config.bucket },
    key,
    image.data,
    RENDER_CONTENT_TYPES[format],
    input.test ? 'test' : 'standard',
  );
  const writes = await Promise.allSettled([
    object,
    putRender(deps.table, render, hash),
    hash ? object.then(() => putCached(deps.table, { accountId: input.accountId, hash, render })) : undefined,
  ]);
  const failed = writes.find((r) => r.status === 'rejected');
  if (!failed) return;
  const [, record, entry] = writes;
  // The record names its cache entry: deleting it deletes both.
  if (record.status === 'fulfilled') await deleteRenderRecord(deps.table, input.id).catch(() => {});
  else if (hash && entry.status === 'fulfilled')
    await forgetCached(deps.table, { accountId: input.accountId, hash, renderId: input.id }).catch(() => {});
  throw failed.reason;
}

/**
 * The render's steps, in order, each named by the job stage it reports. A new stage (element
 * resolution, AI styling, another output) is one more entry here.
 */
const STEPS: ReadonlyArray<{ stage: Stage; name: string; run: (w: Work) => Promise<void> }> = [
  { stage: 'rendering', name: 'shoot', run: shoot },
  { stage: 'composing', name: 'understand', run: understand },
  { stage: 'composing', name: 'compose', run: composeShot },
  { stage: 'storing', name: 'store', run: store },
];

export async function produceRender(deps: Deps, input: ProduceInput): Promise<Produced> {
  const work: Work = { deps, input, started: performance.now(), spent: {} };
  let stage: Stage | undefined;
  for (const step of STEPS) {
    if (step.stage !== stage) await input.onStage?.(step.stage);
    stage = step.stage;
    const t = performance.now();
    await step.run(work);
    work.spent[step.name] = Math.round(performance.now() - t);
  }
  return { render: work.render!, shot: work.shot!, image: work.image!.data, timings: stageTimings(work) };
}
