/**
 * @module captures/prompt
 * `prompt` (§10) as parameters: the offline grammar (`understand/prompt`) reads it; when an
 * optional model is configured and the grammar left words it did not understand, the model may
 * add parameters the grammar did not set. Only parameters the schema accepts survive, and the
 * request's own parameters still win (the caller merges them on top).
 */
import * as v from 'valibot';
import type { Deps } from '../deps.ts';
import { CaptureParams, FIELDS } from '../schemas/capture.ts';
import { readPromptWithModel } from '../understand/model.ts';
import { readPrompt } from '../understand/prompt.ts';

export interface PromptDecision {
  /** Parameters the prompt asks for. */
  params: Record<string, unknown>;
  /** What each understood phrase set, in reading order. */
  phrases: { phrase: string; sets: Record<string, unknown> }[];
  /** Words it did not understand. */
  ignored: string[];
  /** Set when the model added to the grammar's reading. */
  refined_by_model?: boolean;
  warnings: string[];
}

/**
 * What a prompt may set: the style fields and the page's look (the grammar's vocabulary) — never
 * the target, credentials, scripts, what is blocked, delivery (webhooks, caching, async) or another
 * paid option.
 */
const PROMPTABLE = [
  ...FIELDS.style.filter((f) => !['ai_style', 'ai_copy', 'ai_brand', 'prompt'].includes(f)),
  'device',
  'dark_mode',
  'full_page',
  'output',
] as const;

export async function readPromptParams(deps: Deps, prompt: string): Promise<PromptDecision> {
  const reading = readPrompt(prompt);
  const warnings: string[] = [];
  let params = reading.params;
  let refined = false;
  let phrases = reading.understood;
  const model = deps.config.ai;
  if (model && reading.ignored.length > 0) {
    const answer = await readPromptWithModel(model, prompt, PROMPTABLE);
    if (!answer.ok) warnings.push(answer.warning);
    else {
      // The model fills what the grammar left open, one parameter at a time, each one checked.
      const extra = Object.fromEntries(
        Object.entries(answer.value).filter(
          ([k, val]) =>
            !(k in params) && v.safeParse(CaptureParams, { url: 'https://x.example', [k]: val }).success,
        ),
      );
      if (Object.keys(extra).length) {
        params = { ...params, ...extra };
        phrases = [...phrases, { phrase: `(model) ${reading.ignored.join(' ')}`, sets: extra }];
        refined = true;
      }
    }
  }
  if (reading.ignored.length && !refined) {
    warnings.push(
      `prompt: these words were not understood and were ignored: ${reading.ignored.map((w) => `"${w}"`).join(', ')}`,
    );
  }
  return {
    params,
    phrases,
    ignored: reading.ignored,
    ...(refined ? { refined_by_model: true } : {}),
    warnings,
  };
}
