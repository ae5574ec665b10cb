/**
 * @module captures/session
 * An auth profile's credentials as the capture engine applies them inside the capture's own
 * browser context: cookies (from `cookies` and `cookie_header`), localStorage, headers.
 */
import type { CaptureSession } from '../capture/types.ts';
import type { AuthProfile, ProfileSecrets } from '../store/auth-profiles.ts';

export function sessionFromProfile(profile: AuthProfile, secrets: ProfileSecrets): CaptureSession {
  const fromHeader = (secrets.cookie_header ?? '')
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq > 0 ? { name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() } : undefined;
    })
    .filter((c): c is { name: string; value: string } => Boolean(c?.name))
    .map((c) => ({ ...c, domain: profile.domain, path: '/' }));
  const cookies = [
    ...fromHeader,
    ...(secrets.cookies ?? []).map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain ?? profile.domain,
      path: c.path ?? '/',
      ...(c.expires !== undefined ? { expires: c.expires } : {}),
      ...(c.httpOnly !== undefined ? { httpOnly: c.httpOnly } : {}),
      ...(c.secure !== undefined ? { secure: c.secure } : {}),
      ...(c.sameSite ? { sameSite: c.sameSite } : {}),
    })),
  ];
  return {
    domain: profile.domain,
    ...(cookies.length ? { cookies } : {}),
    ...(secrets.local_storage ? { localStorage: secrets.local_storage } : {}),
    ...(secrets.headers ? { headers: secrets.headers } : {}),
  };
}

/** Renders made with a profile are cached per profile version (new cookies → new render). */
export const profileCacheScope = (profile: AuthProfile) => `${profile.id}@${profile.version}`;
