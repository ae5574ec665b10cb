/**
 * @module @frameshot/sdk
 * The typed client of the Frameshot capture API, generated from its OpenAPI document.
 *
 * @example
 * import { Frameshot } from '@frameshot/sdk';
 * const client = new Frameshot({ apiKey: process.env.FRAMESHOT_API_KEY, baseUrl: 'http://localhost:8787' });
 * const render = await client.capture({ url: 'https://example.com', device: 'macbook-pro-16' });
 * console.log(render.url);
 */
export { Frameshot, } from './client.js';
export { FrameshotError } from './errors.js';
export { operations } from './generated/operations.js';
export { VERSION } from './generated/version.js';
export { CAPTURE_PATH, canonicalString, queryPairs, signatureOf, signCaptureUrl, sortedPairs, } from './sign.js';
export { verifyWebhook } from './webhooks.js';
