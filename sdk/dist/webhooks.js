/**
 * @module webhooks
 * Verifying a job's webhook (§4), signed per Standard Webhooks: `webhook-signature` holds one or
 * more `v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}` under the secret
 * (`whsec_` + base64 key, from the project's or the account's webhook secret). WebCrypto does the
 * HMAC and the constant-time comparison, so this runs in Node, browsers, Deno and workers alike.
 */
import { FrameshotError } from './errors.js';
const invalid = (message) => new FrameshotError('invalid_signature', message);
function header(headers, name) {
    if (headers instanceof Headers)
        return headers.get(name) ?? undefined;
    const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
    const value = entry?.[1];
    return Array.isArray(value) ? value.join(' ') : value;
}
function base64Bytes(text) {
    try {
        return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    }
    catch {
        return undefined;
    }
}
/**
 * Checks a webhook's signature and age and returns its parsed event; throws FrameshotError
 * `invalid_signature` when it is not from the server holding `secret`.
 */
export async function verifyWebhook(options) {
    const { payload, headers, secret, toleranceSeconds = 300 } = options;
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!id || !timestamp || !signatures)
        throw invalid('Missing webhook-id, webhook-timestamp or webhook-signature');
    const sentAt = /^\d+$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!(Math.abs(Date.now() / 1000 - sentAt) <= toleranceSeconds)) {
        throw invalid(`webhook-timestamp ${timestamp} is more than ${toleranceSeconds} s from now`);
    }
    const key = base64Bytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
    if (!key?.length)
        throw invalid('The secret is not a whsec_ base64 key');
    const hmac = await globalThis.crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const signed = new TextEncoder().encode(`${id}.${timestamp}.${payload}`);
    for (const entry of signatures.split(' ')) {
        const [version, signature] = entry.split(',');
        const mac = version === 'v1' && signature ? base64Bytes(signature) : undefined;
        if (mac && (await globalThis.crypto.subtle.verify('HMAC', hmac, mac, signed))) {
            try {
                return JSON.parse(payload);
            }
            catch {
                throw new FrameshotError('invalid_response', 'The webhook is signed but its body is not JSON');
            }
        }
    }
    throw invalid('No webhook-signature matches the payload');
}
