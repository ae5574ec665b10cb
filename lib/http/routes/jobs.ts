/**
 * @module http/routes/jobs
 * `GET /v1/jobs/{id}` (scope `jobs`, §4): the job in the contract's shape; pending jobs carry
 * `Retry-After` so pollers back off; another account's job is 404.
 */
import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../../deps.ts';
import { NotFound } from '../../errors.ts';
import { hasPrefix } from '../../ids.ts';
import { JobView } from '../../schemas/response.ts';
import { getJob, type Job } from '../../store/jobs.ts';
import type { AppEnv } from '../env.ts';
import { createRouter, type Registry } from '../router.ts';

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
      method: 'get',
      path: '/{id}',
      summary: 'Poll an async job',
      scope: 'jobs',
      responses: {
        200: { description: 'The job; pending jobs carry Retry-After (seconds)', schema: JobView },
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
