/**
 * @module captures/produce
 * One render from parameters: capture the page, compose (or just encode, for raw), store the
 * object and its record. Shared by the sync route and the async worker; it neither charges nor
 * caches — its callers do.
 */
import sharp from 'sharp';
import type { CaptureKind } from '../billing/prices.ts';
import { putRender as putRenderObject, renderKey } from '../blobs/renders.ts';
import { capture } from '../capture/index.ts';
import type { CaptureInput, CaptureResult, CaptureSession } from '../capture/types.ts';
import { CONTENT_TYPES, encode } from '../compose/encode.ts';
import { compose } from '../compose/index.ts';
import type { Deps } from '../deps.ts';
import { safeFetch } from '../net/index.ts';
import type { CaptureParams, OutputParams, RawParams } from '../schemas/capture.ts';
import { putRender, type Render } from '../store/renders.ts';
import { isoTime } from '../store/table.ts';

export type Stage = 'rendering' | 'composing' | 'storing';

export interface ProduceInput {
  id: string;
  kind: CaptureKind;
  params: CaptureParams | RawParams;
  accountId: string;
  test: boolean;
  session?: CaptureSession;
  timeoutMs: number;
  onStage?: (stage: Stage) => Promise<void> | void;
}

export interface Produced {
  render: Render;
  shot: Pick<CaptureResult, 'element_resolved' | 'warnings' | 'page'>;
}

const BACKGROUND_IMAGE_MAX_BYTES = 15 * 1024 * 1024;

/** The page-side fields of the parameters: what the capture engine reads. */
const PAGE_FIELDS = [
  'url',
  'wait_for',
  'block',
  'inject_css',
  'inject_js',
  'hide_selectors',
  'dark_mode',
  'full_page',
  'full_page_max_height',
  'viewport',
  'capture_dpr',
  'user_agent',
  'emulate_mobile',
  'emulate_touch',
  'locale',
  'timezone',
  'device',
  'selector',
  'element',
] as const satisfies ReadonlyArray<keyof CaptureInput>;

export function captureInput(params: CaptureParams | RawParams, session?: CaptureSession): CaptureInput {
  const input = Object.fromEntries(PAGE_FIELDS.map((k) => [k, params[k]])) as unknown as CaptureInput;
  return session ? { ...input, session } : input;
}

/** Raw captures: the screenshot itself, re-encoded and resized as `output` asks. */
async function encodeRaw(shot: CaptureResult, output: OutputParams) {
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

export async function produceRender(deps: Deps, input: ProduceInput): Promise<Produced> {
  const { params, config } = { params: input.params, config: deps.config };
  const started = performance.now();
  await input.onStage?.('rendering');
  const shot = await capture(deps.browser, captureInput(params, input.session), {
    allowPrivateTargets: config.allowPrivateTargets,
    timeoutMs: input.timeoutMs,
  });

  await input.onStage?.('composing');
  const image =
    input.kind === 'raw'
      ? await encodeRaw(shot, params.output)
      : await compose(
          { data: shot.image, width: shot.width, height: shot.height, dpr: shot.dpr },
          params as CaptureParams,
          {
            pageUrl: shot.page.url,
            pageTitle: shot.page.title,
            fetchImage: async (url) =>
              (
                await safeFetch(url, {
                  allowPrivateTargets: config.allowPrivateTargets,
                  maxBytes: BACKGROUND_IMAGE_MAX_BYTES,
                  timeoutMs: 10_000,
                })
              ).body,
          },
        );

  await input.onStage?.('storing');
  const format = params.output.format;
  const now = deps.now();
  const retentionMs = input.test ? 24 * 3600 * 1000 : config.renderRetentionDays * 24 * 3600 * 1000;
  const key = renderKey(input.accountId, input.id, format);
  await putRenderObject(
    { s3: deps.aws.s3, name: config.bucket },
    key,
    image.data,
    CONTENT_TYPES[format],
    input.test ? 'test' : 'standard',
  );
  const render: Render = {
    id: input.id,
    account_id: input.accountId,
    format,
    content_type: CONTENT_TYPES[format],
    width: image.width,
    height: image.height,
    bytes: image.data.length,
    s3_key: key,
    source_url: shot.page.url || params.url,
    kind: input.kind,
    test: input.test,
    created_at: isoTime(now),
    expires_at: isoTime(now + retentionMs),
    duration_ms: Math.round(performance.now() - started),
    warnings: [...shot.warnings, ...image.warnings],
    ...(shot.element_resolved ? { element_resolved: { ...shot.element_resolved } } : {}),
  };
  await putRender(deps.table, render);
  return { render, shot };
}
