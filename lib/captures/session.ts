/**
 * @module captures/session
 * An auth profile's credentials as the capture engine applies them inside the capture's own
 * browser context: cookies (from `cookies` and `cookie_header`), localStorage, headers. A stored
 * plan names its profile only; the credentials are opened (and decrypted) when it runs, so queue
 * messages and job records never carry secrets.
 */
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { InvalidParams } from '../errors.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import { type AuthProfile, openAuthProfile, type ProfileSecrets } from '../store/auth-profiles.ts';

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

/** The credentials a plan runs with, opened now; none when it has no auth profile. */
export async function openSession(deps: Deps, plan: CapturePlan): Promise<CaptureSession | undefined> {
  const id = plan.authProfile?.id;
  if (!id) return undefined;
  const opened = await openAuthProfile(deps.table, id, plan.accountId, deps.config.encryptionKey);
  // Deleted after the job was queued: fail the job (permanent) rather than capture logged out.
  if (!opened) throw new InvalidParams(`Unknown auth_profile_id ${id}: it was deleted before the job ran`);
  return sessionFromProfile(opened.profile, opened.secrets);
}
