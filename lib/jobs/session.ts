/**
 * @module jobs/session
 * The auth-profile credentials a queued job runs with, loaded (and decrypted) only when the
 * worker runs it, so queue messages and job records never carry secrets.
 */
import type { CaptureSession } from '../capture/types.ts';
import { sessionFromProfile } from '../captures/session.ts';
import type { Deps } from '../deps.ts';
import { InvalidParams } from '../errors.ts';
import { openAuthProfile } from '../store/auth-profiles.ts';
import type { Job } from '../store/jobs.ts';

export async function loadSession(deps: Deps, job: Job): Promise<CaptureSession | undefined> {
  const id = job.params.auth_profile_id;
  if (!id) return undefined;
  const opened = await openAuthProfile(deps.table, id, job.account_id, deps.config.encryptionKey);
  // Deleted after the job was queued: fail the job (permanent) rather than capture logged out.
  if (!opened) throw new InvalidParams(`Unknown auth_profile_id ${id}: it was deleted before the job ran`);
  return sessionFromProfile(opened.profile, opened.secrets);
}
