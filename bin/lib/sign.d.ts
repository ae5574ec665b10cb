/**
 * Types of `sign.js` (the signed capture URL recipe, contract §5) for TypeScript callers such as
 * the server's tests. Keep in step with the JSDoc there.
 */
export type Scalar = string | number | boolean;
export type ParamTree = { [name: string]: Scalar | Scalar[] | ParamTree | undefined };
export interface SignOptions {
  projectId: string;
  secret: string;
  /** Unix seconds or a Date. */
  expires: number | Date;
}

export const CAPTURE_PATH: '/v1/capture';
/** Nested objects → dotted names, lists → one comma list. */
export function queryPairs(params: ParamTree, prefix?: string): Array<[string, string]>;
/** `encodeURIComponent(k)=encodeURIComponent(v)` for each pair, sorted as plain strings. */
export function sortedPairs(pairs: Array<[string, string]>): string[];
/** `GET\n/v1/capture\n` + the sorted pairs joined with `&`. */
export function canonicalString(pairs: Array<[string, string]>): string;
/** Lowercase hex HMAC-SHA256. */
export function signatureOf(secret: string, canonical: string): string;
/** `{baseUrl}/v1/capture?…&project_id&expires&signature`. */
export function signCaptureUrl(baseUrl: string, params: ParamTree, options: SignOptions): string;
/** `3600`, `90s`, `30m`, `12h`, `7d`, `2w` → seconds. */
export function parseDuration(text: string): number | undefined;
