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
export { type AuthProfiles, type Backgrounds, type CaptureOptions, Frameshot, type Jobs, type Projects, type Renders, type WaitOptions, } from './client.js';
export { type ClientErrorCode, type ErrorBody, FrameshotError, type FrameshotErrorInit } from './errors.js';
export { type OperationId, type OperationSpec, type Operations, operations } from './generated/operations.js';
export type { components, paths } from './generated/schema.js';
export { VERSION } from './generated/version.js';
export { CAPTURE_PATH, canonicalString, type ParamTree, queryPairs, type Scalar, type SignCaptureUrlOptions, signatureOf, signCaptureUrl, sortedPairs, } from './sign.js';
export type { FrameshotOptions } from './transport.js';
export type * from './types.js';
export { type VerifyWebhookOptions, verifyWebhook } from './webhooks.js';
