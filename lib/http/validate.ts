/**
 * @module http/validate
 * Request bodies: malformed JSON becomes a 400 `invalid_params`; validation itself is
 * `schemas/validate`.
 */
import type { Context } from 'hono';
import { InvalidParams } from '../errors.ts';

export { validate } from '../schemas/validate.ts';

/** The parsed JSON body; an empty body is `{}`. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidParams(
      `Malformed JSON body: ${(err as Error).message}. Send a JSON object with Content-Type: application/json.`,
    );
  }
}
