// @ts-check
/**
 * @module cli/lib/sign
 * Signed capture URLs (contract §5), the reference recipe: every query pair but `signature` as
 * `encodeURIComponent(key)=encodeURIComponent(value)`, sorted as plain strings, joined with `&`;
 * canonical = `GET\n/v1/capture\n` + those pairs; signature = lowercase hex HMAC-SHA256 of the
 * canonical string under the project's signing secret. The URL's query is the sorted pairs
 * themselves, so what the server decodes is exactly what was signed.
 *
 * @example
 * signCaptureUrl('https://shots.example.com', { url: 'https://example.com', device: 'iphone-16-pro' },
 *   { projectId: 'prj_01…', secret: process.env.SIGNING_SECRET, expires: Date.now() / 1000 + 3600 })
 */
import { createHmac } from 'node:crypto';

export const CAPTURE_PATH = '/v1/capture';
/** Pairs the signer adds itself. */
const RESERVED = new Set(['project_id', 'expires', 'signature']);

/**
 * @typedef {string | number | boolean} Scalar
 * @typedef {{ [name: string]: Scalar | Scalar[] | ParamTree | undefined }} ParamTree
 * @typedef {{ projectId: string, secret: string, expires: number | Date }} SignOptions
 */

/**
 * Flattens parameters to query pairs: nested objects become dotted names (`output.format`),
 * lists become one comma list (the contract refuses repeated keys in signed URLs).
 * @param {ParamTree} params
 * @param {string} [prefix]
 * @returns {Array<[string, string]>}
 */
export function queryPairs(params, prefix = '') {
  return Object.entries(params).flatMap(([key, value]) => {
    const name = prefix + key;
    if (value === undefined) return [];
    if (Array.isArray(value)) return [[name, value.map(String).join(',')]];
    if (typeof value === 'object' && value !== null) return queryPairs(value, `${name}.`);
    return [[name, String(value)]];
  });
}

/**
 * The sorted, encoded pairs of the canonical string.
 * @param {Array<[string, string]>} pairs
 */
export const sortedPairs = (pairs) =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort();

/** @param {string} query the sorted pairs joined with `&` */
const canonicalOf = (query) => `GET\n${CAPTURE_PATH}\n${query}`;

/** @param {Array<[string, string]>} pairs every pair but `signature` */
export const canonicalString = (pairs) => canonicalOf(sortedPairs(pairs).join('&'));

/** @param {string} secret @param {string} canonical */
export const signatureOf = (secret, canonical) =>
  createHmac('sha256', secret).update(canonical, 'utf8').digest('hex');

/** @param {number | Date} expires a Date or unix seconds */
const unixSeconds = (expires) =>
  Math.floor(expires instanceof Date ? expires.getTime() / 1000 : Number(expires));

/**
 * A `GET {baseUrl}/v1/capture?…&project_id&expires&signature` URL that the project's signing
 * secret vouches for until `expires`.
 * @param {string} baseUrl the deployment, e.g. `https://shots.example.com`
 * @param {ParamTree} params capture parameters (at least `url`)
 * @param {SignOptions} options
 * @returns {string}
 */
export function signCaptureUrl(baseUrl, params, { projectId, secret, expires }) {
  if (!projectId) throw new TypeError('signCaptureUrl: projectId is required');
  if (!secret) throw new TypeError('signCaptureUrl: secret is required');
  const seconds = unixSeconds(expires);
  if (!Number.isFinite(seconds))
    throw new TypeError('signCaptureUrl: expires must be unix seconds or a Date');
  const pairs = queryPairs(params);
  const reserved = pairs.find(([name]) => RESERVED.has(name));
  if (reserved) throw new TypeError(`signCaptureUrl: ${reserved[0]} is set by the signer, not a parameter`);
  pairs.push(['project_id', projectId], ['expires', String(seconds)]);
  const query = sortedPairs(pairs).join('&');
  const signature = signatureOf(secret, canonicalOf(query));
  return `${baseUrl.replace(/\/+$/, '')}${CAPTURE_PATH}?${query}&signature=${signature}`;
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
