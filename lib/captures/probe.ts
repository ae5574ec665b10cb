/**
 * @module captures/probe
 * `POST /v1/auth-profiles/{id}/test` (§8): load a page with a profile's credentials and say
 * whether it looks logged in. Logged out looks like: landing on a login/sign-in URL, a login
 * title, a password field on the page, or a 401/403.
 */
import { capture } from '../capture/index.ts';
import type { Deps } from '../deps.ts';
import type { AuthProfile, ProfileSecrets } from '../store/auth-profiles.ts';
import { sessionFromProfile } from './session.ts';

export interface ProbeResult {
  ok: boolean;
  final_url: string;
  status: number;
  title: string;
  looks_logged_out: boolean;
}

const LOGIN_PATH =
  /\/(log-?in|sign-?in|signin|auth|sso|session\/new|account\/login|users\/sign_in)(\/|$|\?|#)/i;
const LOGIN_TITLE = /\b(log ?in|sign ?in|anmelden|connexion|iniciar sesi[oó]n)\b/i;

export function looksLoggedOut(page: {
  url: string;
  title: string;
  status: number;
  hasPasswordField?: boolean;
}): boolean {
  return (
    page.status === 401 ||
    page.status === 403 ||
    LOGIN_PATH.test(new URL(page.url).pathname + new URL(page.url).search) ||
    LOGIN_TITLE.test(page.title) ||
    page.hasPasswordField === true
  );
}

export async function probeProfile(
  deps: Deps,
  profile: AuthProfile,
  secrets: ProfileSecrets,
  url: string,
): Promise<ProbeResult> {
  const shot = await capture(
    deps.browser,
    {
      url,
      session: sessionFromProfile(profile, secrets),
      wait_for: 'load',
      viewport: { width: 1280, height: 800 },
      capture_dpr: 1,
    },
    { allowPrivateTargets: deps.config.allowPrivateTargets, timeoutMs: 20_000 },
  );
  const page = {
    url: shot.page.url,
    title: shot.page.title,
    status: shot.page.status,
    hasPasswordField: shot.page.has_password_field,
  };
  return {
    ok: page.status < 400,
    final_url: page.url,
    status: page.status,
    title: page.title,
    looks_logged_out: looksLoggedOut(page),
  };
}
