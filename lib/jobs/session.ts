/**
 * @module jobs/session
 * The auth-profile credentials a queued job runs with, loaded (and decrypted) only when the
 * worker runs it, so queue messages and job records never carry secrets.
 */
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { InvalidParams } from '../errors.ts';
import type { Job } from '../store/jobs.ts';

export async function loadSession(_deps: Deps, job: Job): Promise<CaptureSession | undefined> {
  if (!job.session_profile_id) return undefined;
  throw new InvalidParams('auth_profile_id is not available on this deployment yet');
}
