// @ts-check
/**
 * @module cli/lib/jobs
 * Following an async job (contract §4): poll `GET /v1/jobs/{id}` as often as its `Retry-After`
 * says, show each stage (queued → rendering → composing → storing → done) as it comes, and hand
 * back the finished job or its error.
 */
import { retryAfterSeconds, sleep } from './api.js';
import { ApiError, CliError } from './errors.js';

/** Poll interval when the server gives none (seconds), and the bounds of what it may ask. */
const DEFAULT_POLL_S = 2;
const MIN_POLL_S = 0.25;
const MAX_POLL_S = 30;

/**
 * @import { Client } from './api.js'
 * @import { ErrorBody } from './errors.js'
 * @import { Progress } from './progress.js'
 * @import { CaptureResult } from './render.js'
 * @typedef {{ id: string, status: 'pending' | 'completed' | 'failed', stage: string,
 *   result: CaptureResult | null, error: ErrorBody | null, attempts?: number }} Job
 */

/** @param {string} id */
export function jobPath(id) {
  if (!/^job_[A-Za-z0-9]+$/.test(id)) {
    throw new CliError(`"${id}" is not a job id (job_…).`, { exitCode: 2 });
  }
  return `/v1/jobs/${id}`;
}

/** A one-line view of where a job is. @param {Job} job */
export function describeJob(job) {
  const attempt = job.attempts && job.attempts > 1 ? ` (attempt ${job.attempts})` : '';
  if (job.status === 'pending') return `${job.id} pending: ${job.stage}${attempt}`;
  if (job.status === 'failed') return `${job.id} failed: ${job.error?.message ?? 'unknown error'}`;
  const r = job.result;
  return r ? `${job.id} completed: ${r.id} ${r.width}×${r.height} ${r.format}` : `${job.id} completed`;
}

/**
 * Polls until the job is no longer pending.
 * @param {Client} client
 * @param {string} id
 * @param {{ progress: Progress, timeoutS?: number }} options
 * @returns {Promise<Job>}
 */
export async function watchJob(client, id, { progress, timeoutS = 900 }) {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const { data, headers } = await client.request('GET', jobPath(id));
    const job = /** @type {Job} */ (data);
    if (job.status !== 'pending') return job;
    progress.update(describeJob(job));
    const wait = Math.min(MAX_POLL_S, Math.max(MIN_POLL_S, retryAfterSeconds(headers) ?? DEFAULT_POLL_S));
    if (Date.now() + wait * 1000 > deadline) {
      throw new CliError(`${id} is still ${job.stage} after ${timeoutS} s.`, {
        details: [`It keeps running on the server. Check again with: frameshot jobs status ${id} --watch`],
      });
    }
    await sleep(wait * 1000);
  }
}

/**
 * The finished job's result, or its error as an `ApiError` (exit code of the error's class).
 * @param {Job} job
 */
export function jobResult(job) {
  if (job.status === 'completed' && job.result) return job.result;
  throw ApiError.fromJob(
    job.error ?? { code: 'internal_error', message: `${job.id} ended without a result` },
  );
}
