/**
 * @module http/answer-headers
 * The headers of a capture answer (§14), named once: the four on every answer, and the
 * `X-Frameshot-*` header each capture response field becomes with `response_type: "binary"`. The
 * capture routes write them; the CORS middleware exposes exactly these to browser code.
 */
import type * as v from 'valibot';
import { CaptureResponse } from '../schemas/response.ts';

/** On every capture answer: JSON, a signed link's 302, a job's 202, binary. */
export const ANSWER_HEADERS = [
  'Server-Timing',
  'X-Frameshot-Cache',
  'X-Frameshot-Render-Id',
  'X-Frameshot-Credits',
] as const;

/** Response fields the answer headers already carry (Render-Id, Credits, Cache). */
export const IN_ANSWER_HEADERS = new Set(['id', 'credits_used', 'cached']);

/** `X-Frameshot-Duration-Ms` for `duration_ms`. */
export const headerName = (field: string): `X-Frameshot-${string}` =>
  `X-Frameshot-${field
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('-')}`;

type ResponseObject = v.ObjectSchema<v.ObjectEntries, undefined>;

/** Every header a binary answer may carry: one per capture response field, in field order. */
export const FIELD_HEADERS = Object.keys((CaptureResponse.pipe[0] as ResponseObject).entries)
  .filter((field) => !IN_ANSWER_HEADERS.has(field))
  .map(headerName);
