import type { WebhookEvent } from './types.js';
export interface VerifyWebhookOptions {
    /** The request body exactly as received (do not re-serialise parsed JSON). */
    payload: string;
    /** The request headers: `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
    headers: Headers | Record<string, string | string[] | undefined>;
    /** `whsec_…` (the project's `webhook_secret`, or the account's). */
    secret: string;
    /** How far the timestamp may be from now, in seconds (default 300): refuses replays. */
    toleranceSeconds?: number;
}
/**
 * Checks a webhook's signature and age and returns its parsed event; throws FrameshotError
 * `invalid_signature` when it is not from the server holding `secret`.
 */
export declare function verifyWebhook<T = WebhookEvent>(options: VerifyWebhookOptions): Promise<T>;
