/**
 * @module signing/hmac
 * HMAC-SHA256 helpers with constant-time verification.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const hmacHex = (secret: string | Buffer, data: string): string =>
  createHmac('sha256', secret).update(data).digest('hex');

/** Constant-time comparison of two hex digests (false for malformed input). */
export function sameHex(a: string, b: string): boolean {
  if (!/^[0-9a-f]+$/i.test(a) || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a.toLowerCase(), 'hex'), Buffer.from(b.toLowerCase(), 'hex'));
}
