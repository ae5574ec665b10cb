/**
 * @module captures/understanding
 * The page-understanding stage of a styled render (§10), between the shot and the composition:
 * the page's signals (collected in the capture's own pass) and the screenshot's colour statistics
 * (no second load) → page type and tone → style, copy and brand → the parameters the composer
 * draws with, and `ai_decisions` saying what was chosen and why. Parameters someone chose
 * (`plan.ai.explicit`) always win; among the AI options the brand's colours and font win over
 * the page type's defaults. Deterministic: the same page and parameters give the same decisions.
 */
import sharp from 'sharp';
import * as v from 'valibot';
import type { CaptureResult } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { CaptureParams } from '../schemas/capture.ts';
import type { PlanAi } from '../schemas/plan.ts';
import { type BrandProfile, brandFrom, brandParams } from '../understand/brand.ts';
import { classifyPage } from '../understand/classify.ts';
import { colorStats, type Pixels, regionColors } from '../understand/colors.ts';
import { copyFor, TITLE_FONT_FOR } from '../understand/copy.ts';
import { type ModelConfig, refineCopy } from '../understand/model.ts';
import { blankSignals } from '../understand/signals.ts';
import { styleFor } from '../understand/style.ts';
import type { PageSignals } from '../understand/types.ts';
import { rememberBrand } from './brand.ts';

export type AiDecisions = Record<string, Record<string, unknown>>;

export interface Understood {
  /** The parameters to compose with: the request's, with the AI's choices under the explicit ones. */
  params: CaptureParams;
  /** The screenshot decoded once, for the colour statistics and then the composer. */
  pixels?: Pixels;
  decisions: AiDecisions;
  warnings: string[];
}

/** Whether the capture must read the page's signals: any AI option that looks at the page. */
export const needsSignals = (p: CaptureParams, ai: PlanAi | undefined): boolean =>
  Boolean(p.ai_style || p.ai_copy || (p.ai_brand && !ai?.brand?.cached));

/** `ai_decisions` of the prompt alone: known before the page loads. */
export function promptDecisions(ai: PlanAi | undefined): AiDecisions {
  return ai?.prompt ? { prompt: { ...ai.prompt } } : {};
}

export interface UnderstandOptions {
  /** The optional model that may refine the copy. */
  model?: ModelConfig;
  /** Keeps a computed brand profile for the next capture of its domain. */
  rememberBrand?: (domain: string, profile: Record<string, unknown>) => Promise<void>;
}

/** The stage as the pipeline runs it: the deployment's model, the brand cache in DynamoDB. */
export const understandOptions = (deps: Deps): UnderstandOptions => ({
  ...(deps.config.ai ? { model: deps.config.ai } : {}),
  rememberBrand: (domain, profile) => rememberBrand(deps, domain, profile),
});

export async function understandShot(
  params: CaptureParams,
  ai: PlanAi,
  shot: CaptureResult,
  options: UnderstandOptions = {},
): Promise<Understood> {
  const decisions = promptDecisions(ai);
  const warnings: string[] = [];
  if (!params.ai_style && !params.ai_copy && !params.ai_brand) return { params, decisions, warnings };

  const signals = shot.signals ?? blankSignals(shot.page.url, shot.page.title);
  const pixels = await decoded(shot);
  const stats = await colorStats(pixels ?? shot.image);
  const kind = classifyPage(signals, stats);
  const chosen: Record<string, unknown>[] = [];
  const explicit = new Set(ai.explicit);

  let brand: BrandProfile | undefined;
  if (params.ai_brand) {
    const cached = ai.brand?.cached as BrandProfile | undefined;
    brand =
      cached ??
      brandFrom(signals, {
        logoColors: await logoColors(shot, signals, pixels),
        accents: stats.accents,
      });
    if (!cached && ai.brand?.domain) {
      await options.rememberBrand?.(ai.brand.domain, brand as unknown as Record<string, unknown>);
    }
  }

  if (params.ai_style) {
    const style = styleFor({
      pageType: kind.page_type,
      tone: kind.tone,
      accents: stats.accents,
      ...(brand ? { brand } : {}),
      // An element's crop is not a window's content: it is never put in a browser frame.
      hasDevice: explicit.has('device') || params.device !== undefined || Boolean(shot.element_resolved),
      reason: kind.reason,
    });
    chosen.push(scaledToCanvas(style.params, params.output));
    decisions.style = {
      ...style.decision,
      confidence: round(kind.confidence),
      ...kept(style.params, explicit),
    };
  }

  if (params.ai_copy) {
    const copy = copyFor(signals, kind.page_type);
    let text = { title: copy.title, subtitle: copy.subtitle, badge: copy.badge };
    let refined = false;
    if (options.model && copy.title) {
      const answer = await refineCopy(
        options.model,
        {
          title: signals.title,
          ...(signals.headings[0] ? { h1: signals.headings[0].text } : {}),
          ...(signals.meta.description ? { description: signals.meta.description } : {}),
          ...(signals.lead ? { lead: signals.lead } : {}),
          page_type: kind.page_type,
        },
        text,
      );
      if (!answer.ok) warnings.push(answer.warning);
      else {
        text = { ...text, ...answer.value };
        refined = true;
      }
    }
    const copyParams = defined({
      title: text.title,
      subtitle: text.subtitle,
      badge: text.badge,
      ...(params.ai_style ? { title_font: TITLE_FONT_FOR[kind.page_type] } : {}),
    });
    chosen.push(copyParams);
    decisions.copy = {
      ...copyParams,
      reason: copy.reason,
      ...(refined ? { refined_by_model: true } : {}),
      ...kept(copyParams, explicit),
    };
  }

  if (brand) {
    const mapped = brandParams(brand);
    // A catalogue background keeps its design and takes the brand's colours (§9, tinting).
    if (params.background && !params.background_image_url) {
      mapped.params.background_tint = [brand.primary, ...(brand.secondary ? [brand.secondary] : [])];
    }
    chosen.push(mapped.params);
    decisions.brand = {
      ...brand,
      cached: Boolean(ai.brand?.cached),
      ...(ai.brand?.domain ? { domain: ai.brand.domain } : {}),
      reason: mapped.reason,
      ...kept(mapped.params, explicit),
    };
  }

  const applied = Object.fromEntries(
    chosen.flatMap((p) => Object.entries(p)).filter(([k, val]) => val !== undefined && !explicit.has(k)),
  );
  const checked = v.safeParse(CaptureParams, { ...params, ...applied });
  if (!checked.success) {
    // A mapping bug must not fail a paid render: compose with the request's own parameters.
    warnings.push(`AI styling was not applied: ${checked.issues[0]?.message ?? 'invalid parameters'}`);
    return { params, decisions, warnings, ...(pixels ? { pixels } : {}) };
  }
  return { params: checked.output, decisions, warnings, ...(pixels ? { pixels } : {}) };
}

/**
 * `padding` and `corner_radius` are canvas px, and the style's are chosen for the default canvas
 * (about 2400×1600). On a smaller or larger `output`, they scale with it, so the page keeps the
 * same share of the picture.
 */
function scaledToCanvas(
  style: Record<string, unknown>,
  output: CaptureParams['output'],
): Record<string, unknown> {
  const scale = output.width ? output.width / 2400 : output.height ? output.height / 1600 : 1;
  if (scale === 1) return style;
  const scaled = { ...style };
  for (const key of ['padding', 'corner_radius'] as const) {
    if (typeof scaled[key] === 'number') scaled[key] = Math.round((scaled[key] as number) * scale);
  }
  return scaled;
}

/** The parameters of a section the request had already set: they were kept, not replaced. */
function kept(params: Record<string, unknown>, explicit: Set<string>): { kept_from_request?: string[] } {
  const names = Object.keys(params).filter((k) => explicit.has(k));
  return names.length ? { kept_from_request: names.sort() } : {};
}

const round = (n: number) => Math.round(n * 100) / 100;

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, val]) => val !== undefined && val !== ''));

/**
 * Decoding the PNG is most of this stage's cost (35–110 ms for 2880×1800), and the composer would
 * decode it again: decode once, keep the pixels for both. Not for tall captures, whose pixels
 * would take hundreds of MB: those are read from the PNG twice.
 */
const DECODE_ONCE_MAX_PIXELS = 16_000_000;

async function decoded(shot: CaptureResult): Promise<Pixels | undefined> {
  if (shot.width * shot.height > DECODE_ONCE_MAX_PIXELS) return undefined;
  const { data, info } = await sharp(shot.image).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

/** The logo's colours, sampled from the screenshot when the logo lies inside it. */
async function logoColors(
  shot: CaptureResult,
  signals: PageSignals,
  pixels: Pixels | undefined,
): Promise<string[] | undefined> {
  const box = signals.logo;
  if (!box || shot.element_resolved) return undefined;
  const inside =
    box.x >= 0 &&
    box.y >= 0 &&
    (box.x + box.width) * shot.dpr <= shot.width &&
    (box.y + box.height) * shot.dpr <= shot.height;
  return inside ? regionColors(pixels ?? shot.image, box, shot.dpr) : undefined;
}
