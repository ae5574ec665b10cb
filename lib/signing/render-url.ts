/**
 * @module signing/render-url
 * Render URLs (contract §6): `{base}/r/{cap_id}.{ext}?expires=…&sig=…`, an HMAC of the id,
 * extension and expiry under the deployment's render secret. They outlive any AWS credentials:
 * `GET /r/…` answers with a fresh short-lived presigned S3 URL each time.
 */
import { hmacHex, sameHex } from './hmac.ts';

const payload = (id: string, ext: string, expires: number) => `render:${id}.${ext}:${expires}`;

export function renderUrl(
  base: string,
  secret: string,
  id: string,
  ext: string,
  expiresAtMs: number,
): string {
  const expires = Math.floor(expiresAtMs / 1000);
  return `${base}/r/${id}.${ext}?expires=${expires}&sig=${hmacHex(secret, payload(id, ext, expires))}`;
}

export type RenderUrlCheck = 'ok' | 'bad_signature' | 'expired';

/**
 * `expires` exactly as `renderUrl` writes it: unix seconds, no sign, no leading zeros. The
 * signature covers the number, so any other spelling of it (`0001700000000`) would verify as a
 * second, different link to the same render; only the canonical one is accepted.
 */
const CANONICAL_EXPIRES = /^(0|[1-9]\d{0,11})$/;

export function verifyRenderUrl(
  secret: string,
  id: string,
  ext: string,
  expires: string | undefined,
  sig: string | undefined,
  nowMs: number,
): RenderUrlCheck {
  if (!expires || !sig || !CANONICAL_EXPIRES.test(expires)) return 'bad_signature';
  if (!sameHex(sig, hmacHex(secret, payload(id, ext, Number(expires))))) return 'bad_signature';
  return nowMs / 1000 > Number(expires) ? 'expired' : 'ok';
}

export interface RenderLinks {
  /** FRAMESHOT_PUBLIC_BASE_URL */
  base: string;
  secret: string;
}

/** The signed URL of a stored render, valid until the render expires. */
export const linkToRender = (
  render: { id: string; format: string; expires_at: string },
  links: RenderLinks,
) => renderUrl(links.base, links.secret, render.id, render.format, Date.parse(render.expires_at));
