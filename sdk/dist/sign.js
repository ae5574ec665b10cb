/**
 * @module sign
 * Signed capture URLs (§5): every query pair but `signature` as
 * `encodeURIComponent(key)=encodeURIComponent(value)`, sorted as plain strings, joined with `&`;
 * canonical = `GET\n/v1/capture\n` + those pairs; signature = lowercase hex HMAC-SHA256 of the
 * canonical string under the project's signing secret. The URL's query is the sorted pairs
 * themselves, so what the server decodes is exactly what was signed (it never holds a raw `+`).
 */
import { hmacHex } from './hmac.js';
export const CAPTURE_PATH = '/v1/capture';
/** Pairs the signer adds itself. */
const RESERVED = new Set(['project_id', 'expires', 'signature']);
const DEFAULT_LIFETIME_S = 7 * 86_400;
/**
 * Flattens parameters to query pairs: nested objects become dotted names (`output.format`),
 * lists one comma list (signed URLs refuse repeated keys).
 */
export function queryPairs(params, prefix = '') {
    return Object.entries(params).flatMap(([key, value]) => {
        const name = prefix + key;
        if (value === undefined || value === null)
            return [];
        if (Array.isArray(value))
            return [[name, value.map(String).join(',')]];
        if (typeof value === 'object')
            return queryPairs(value, `${name}.`);
        return [[name, String(value)]];
    });
}
/** The sorted, encoded pairs of the canonical string. */
export const sortedPairs = (pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort();
const canonicalOf = (query) => `GET\n${CAPTURE_PATH}\n${query}`;
/** The string that is signed, from every pair but `signature`. */
export const canonicalString = (pairs) => canonicalOf(sortedPairs(pairs).join('&'));
/** Lowercase hex HMAC-SHA256 of the canonical string. */
export const signatureOf = (secret, canonical) => hmacHex(secret, canonical);
function expirySeconds({ expires, expiresIn }) {
    if (expires !== undefined && expiresIn !== undefined) {
        throw new TypeError('signCaptureUrl: give expires or expiresIn, not both');
    }
    if (expires !== undefined)
        return Math.floor(expires instanceof Date ? expires.getTime() / 1000 : expires);
    return Math.floor(Date.now() / 1000) + (expiresIn ?? DEFAULT_LIFETIME_S);
}
/**
 * A `GET {baseUrl}/v1/capture?…&project_id&expires&signature` URL that the project's signing
 * secret vouches for until it expires: it answers 302 to the image, for an `<img src>`.
 *
 * @example
 * signCaptureUrl({ baseUrl: 'https://shots.example.com', projectId: 'prj_01…', secret,
 *   params: { url: 'https://example.com', device: 'iphone-16-pro' }, expiresIn: 3600 })
 */
export function signCaptureUrl(options) {
    const { baseUrl, projectId, secret, params } = options;
    if (!projectId)
        throw new TypeError('signCaptureUrl: projectId is required');
    if (!secret)
        throw new TypeError('signCaptureUrl: secret is required');
    const seconds = expirySeconds(options);
    if (!Number.isFinite(seconds))
        throw new TypeError('signCaptureUrl: expires must be unix seconds or a Date');
    const pairs = queryPairs(params);
    const reserved = pairs.find(([name]) => RESERVED.has(name));
    if (reserved)
        throw new TypeError(`signCaptureUrl: ${reserved[0]} is set by the signer, not a parameter`);
    pairs.push(['project_id', projectId], ['expires', String(seconds)]);
    const query = sortedPairs(pairs).join('&');
    return `${baseUrl.replace(/\/+$/, '')}${CAPTURE_PATH}?${query}&signature=${signatureOf(secret, canonicalOf(query))}`;
}
