// @ts-check
/**
 * @module cli/lib/jobs
 * Following an async job (contract §4) with the SDK's poller (it honours `Retry-After`), showing
 * each stage (queued → rendering → composing → storing → done) as it comes, and handing back the
 * finished job or its error.
 */
import { FrameshotError } from '@frameshot/sdk';
import { CliError } from './errors.js';

/**
 * @import { Frameshot, Job } from '@frameshot/sdk'
 * @import { Progress } from './progress.js'
 */

/** @param {string} id */
export function checkJobId(id) {
  if (!/^job_[A-Za-z0-9]+$/.test(id)) {
    throw new CliError(`"${id}" is not a job id (job_…).`, { exitCode: 2 });
  }
  return id;
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
 * Polls until the job is no longer pending and returns it (completed or failed).
 * @param {Frameshot} client
 * @param {string} id
 * @param {{ progress: Progress, timeoutS?: number }} options
 * @returns {Promise<Job>}
 */
export async function watchJob(client, id, { progress, timeoutS = 900 }) {
  const onPoll = (/** @type {Job} */ job) => progress.update(describeJob(job));
  try {
    await client.jobs.wait(checkJobId(id), { timeoutMs: timeoutS * 1000, onPoll });
  } catch (err) {
    // A failed job is an answer to show like any other; only the wait itself can go wrong here.
    if (!(err instanceof FrameshotError && err.jobId === id)) throw err;
    if (err.code === 'timeout') {
      throw new CliError(`${err.message}.`, {
        details: [`It keeps running on the server. Check again with: frameshot jobs status ${id} --watch`],
      });
    }
  }
  return client.jobs.get(id);
}

/**
 * The finished job's result, or its error as a FrameshotError (exit code of the error's class).
 * @param {Job} job
 */
export function jobResult(job) {
  if (job.status === 'completed' && job.result) return job.result;
  throw FrameshotError.fromJob(
    job.id,
    job.error ?? { code: 'internal_error', message: `${job.id} ended without a result` },
  );
}
