/**
 * @module signing/capture-url
 * Signed capture URLs (§5): a `GET /v1/capture` URL plus `project_id`, `expires` and
 * `signature`, where
 *
 *   canonical = "GET\n/v1/capture\n" + every query pair but `signature`, each as
 *               encodeURIComponent(key) + "=" + encodeURIComponent(value), sorted as plain
 *               strings, joined with "&"
 *   signature = lowercase hex HMAC-SHA256(project signing secret, canonical)
 *
 * The query is decoded the way browsers and URLSearchParams do (a `+` is a space), so a URL
 * minted by the public JavaScript recipe verifies byte for byte.
 */
import { InvalidParams } from '../errors.ts';
import { hmacHex, sameHex } from './hmac.ts';

export const SIGNED_PATH = '/v1/capture';

export function canonicalString(pairs: ReadonlyArray<readonly [string, string]>, path = SIGNED_PATH): string {
  const encoded = pairs
    .filter(([k]) => k !== 'signature')
    .map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(val)}`)
    .sort();
  return `GET\n${path}\n${encoded.join('&')}`;
}

export const signPairs = (pairs: ReadonlyArray<readonly [string, string]>, secret: string): string =>
  hmacHex(secret, canonicalString(pairs));

export interface SignedQuery {
  pairs: Array<[string, string]>;
  projectId: string;
  expires: number;
  signature: string;
}

/** The decoded pairs of a signed query, or undefined when the query carries no signature. */
export function readSignedQuery(search: string): SignedQuery | undefined {
  const pairs = [...new URLSearchParams(search)];
  const signature = pairs.find(([k]) => k === 'signature')?.[1];
  if (signature === undefined) return undefined;
  const seen = new Set<string>();
  for (const [k] of pairs) {
    if (seen.has(k)) {
      throw new InvalidParams(
        `Repeated query parameter "${k}" in a signed URL. Each key may appear once; join list values with commas.`,
        [{ path: k, message: 'Repeated in a signed URL' }],
      );
    }
    seen.add(k);
  }
  const projectId = pairs.find(([k]) => k === 'project_id')?.[1] ?? '';
  const expiresRaw = pairs.find(([k]) => k === 'expires')?.[1] ?? '';
  return {
    pairs,
    projectId,
    expires: /^\d{1,12}$/.test(expiresRaw) ? Number(expiresRaw) : Number.NaN,
    signature,
  };
}

/** Constant-time check against each of the project's live secrets. */
export function signatureMatches(query: SignedQuery, secrets: string[]): boolean {
  let ok = false;
  for (const secret of secrets) ok = sameHex(query.signature, signPairs(query.pairs, secret)) || ok;
  return ok;
}
