/**
 * @module http/routes/jobs
 * `GET /v1/jobs/{id}` (scope `jobs`, §4): the job in the contract's shape; pending jobs carry
 * `Retry-After` so pollers back off; another account's job is 404.
 */
import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../../deps.ts';
import { NotFound } from '../../errors.ts';
import { hasPrefix } from '../../ids.ts';
import { JobError, JobView } from '../../schemas/response.ts';
import { getJob, type Job } from '../../store/jobs.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi.ts';
import { JOB } from '../openapi-examples.ts';
import { createRouter, type Registry } from '../router.ts';

named('Job', JobView, 'An async capture job (§4)');
named('JobError', JobError, 'Why a job failed: the error envelope’s fields');

export function jobView(job: Job): JobView {
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    result: job.result,
    error: job.error,
    attempts: job.attempts,
    webhook_url: job.webhook_url,
    webhook_status: job.webhook_status,
    created_at: job.created_at,
    started_at: job.started_at,
    completed_at: job.completed_at,
  };
}

/** Seconds a poller should wait: short while queued or rendering, a little longer on retries. */
const retryAfter = (job: Job) =>
  String(job.stage === 'queued' && job.attempts > 0 ? 5 : job.stage === 'queued' ? 2 : 1);

export function jobRoutes(deps: Deps, registry: Registry, account: MiddlewareHandler<AppEnv>[]) {
  const router = createRouter({ registry, mount: '/v1/jobs', tag: 'Jobs', account });
  router.on(
    {
      operationId: 'getJob',
      method: 'get',
      path: '/{id}',
      summary: 'Poll an async job',
      description:
        'The job of an `async: true` capture (or of one that fell back to async): `status` pending, completed or failed; `stage` shows progress; `result` is the capture response once completed, `error` the failure. While pending, `Retry-After` says how many seconds to wait before polling again. Another account’s job is 404. Jobs are kept 30 days.',
      scope: 'jobs',
      // Reads only: the job is read while the rate limit is recorded.
      overlapsRateLimit: true,
      responses: {
        200: {
          description: 'The job; pending jobs carry Retry-After (seconds)',
          schema: JobView,
          example: JOB,
          headers: ['Retry-After'],
        },
      },
    },
    async (c) => {
      const id = c.req.param('id')!;
      const job = hasPrefix(id, 'job') ? await getJob(deps.table, id) : undefined;
      if (!job || job.account_id !== c.get('auth').account.id) throw new NotFound(`No job ${id}`);
      if (job.status === 'pending') c.header('Retry-After', retryAfter(job));
      return c.json(jobView(job));
    },
  );
  return router.app;
}
