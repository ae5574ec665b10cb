// @ts-check
/**
 * @module cli/lib/sign
 * Signed capture URLs (contract §5): the SDK's recipe (`@frameshot/sdk` signCaptureUrl — every
 * query pair but `signature` as `encodeURIComponent(key)=encodeURIComponent(value)`, sorted,
 * joined with `&`, after `GET\n/v1/capture\n`; lowercase hex HMAC-SHA256 under the project's
 * signing secret), in the positional form the CLI and the server tests call, plus the CLI's
 * duration parser.
 *
 * @example
 * signCaptureUrl('https://shots.example.com', { url: 'https://example.com', device: 'iphone-16-pro' },
 *   { projectId: 'prj_01…', secret: process.env.SIGNING_SECRET, expires: Date.now() / 1000 + 3600 })
 */
import { signCaptureUrl as sign } from '@frameshot/sdk';

export { CAPTURE_PATH, canonicalString, queryPairs, signatureOf, sortedPairs } from '@frameshot/sdk';

/**
 * @typedef {import('@frameshot/sdk').Scalar} Scalar
 * @typedef {import('@frameshot/sdk').ParamTree} ParamTree
 * @typedef {{ projectId: string, secret: string, expires: number | Date }} SignOptions
 */

/**
 * A `GET {baseUrl}/v1/capture?…&project_id&expires&signature` URL that the project's signing
 * secret vouches for until `expires`.
 * @param {string} baseUrl the deployment, e.g. `https://shots.example.com`
 * @param {ParamTree} params capture parameters (at least `url`)
 * @param {SignOptions} options
 * @returns {string}
 */
export function signCaptureUrl(baseUrl, params, { projectId, secret, expires }) {
  return sign({ baseUrl, params, projectId, secret, expires });
}

/**
 * `3600`, `90s`, `30m`, `12h`, `7d`, `2w` → seconds.
 * @param {string} text
 * @returns {number | undefined}
 */
export function parseDuration(text) {
  const match = /^(\d+)\s*(s|m|h|d|w)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[(match[2] ?? 's').toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}
