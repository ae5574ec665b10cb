/**
 * @module webhooks/deliver
 * One webhook attempt (§4): POST `{ job_id, status, result | error }` to the job's webhook_url,
 * signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the
 * project's or the account's secret, 10 s timeout, through the same private-address protection as
 * capture targets. Failures queue the next attempt with backoff, up to 5 attempts; a target the
 * protection refuses fails at once, since no retry can reach it.
 */
import type { SQSRecord } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import type { Deps } from '../deps.ts';
import { EgressError, safeFetch } from '../net/index.ts';
import { parseMessage, type WebhookMessage } from '../queue/messages.ts';
import { accountWebhookSecret } from '../store/accounts.ts';
import { getJob, type Job, setWebhookStatus } from '../store/jobs.ts';
import { projectSecrets } from '../store/projects.ts';
import { queueWebhook } from './queue.ts';

export function webhookPayload(job: Job) {
  return {
    job_id: job.id,
    status: job.status,
    ...(job.status === 'completed' ? { result: job.result } : { error: job.error }),
  };
}

/** The job's project's webhook secret when it has a project (§7), else the account's. */
async function signingSecret(deps: Deps, job: Job): Promise<string> {
  const project = job.project_id
    ? await projectSecrets(deps.table, job.project_id, deps.config.encryptionKey, deps.now())
    : undefined;
  return project?.webhook ?? accountWebhookSecret(deps.table, job.account_id, deps.config.encryptionKey);
}

/**
 * The event's `webhook-id`: the same on every attempt, since receivers de-duplicate on it (a
 * retry after a lost 2xx must not count as a second event). A job ends once, so its id names the
 * event.
 */
export const webhookId = (job: Pick<Job, 'id'>) => job.id;

/** Why an attempt failed; `permanent` when no retry can succeed (the target is refused). */
interface Failure {
  description: string;
  permanent: boolean;
}

/** Failures of the target guard: the URL is not http(s) or reaches a private address. */
const REFUSED_TARGET = new Set<EgressError['kind']>(['blocked', 'invalid']);

/** Sends one attempt. Returns why it failed, or null on a 2xx. */
async function attempt(deps: Deps, job: Job, secret: string): Promise<Failure | null> {
  const body = JSON.stringify(webhookPayload(job));
  const id = webhookId(job);
  const timestamp = new Date(deps.now());
  const signature = new Webhook(secret).sign(id, timestamp, body);
  try {
    const res = await safeFetch(job.webhook_url!, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Frameshot-Webhooks/1',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      allowPrivateTargets: deps.config.allowPrivateTargets,
      maxBytes: 64 * 1024,
      timeoutMs: deps.config.webhooks.timeoutMs,
    });
    return res.status >= 200 && res.status < 300
      ? null
      : { description: `HTTP ${res.status}`, permanent: false };
  } catch (err) {
    const permanent = err instanceof EgressError && REFUSED_TARGET.has(err.kind);
    return { description: (err as Error).message, permanent };
  }
}

export function webhookProcessor(deps: Deps) {
  return async function deliverWebhook(record: SQSRecord): Promise<void> {
    const message = parseMessage<WebhookMessage>(record.body);
    if (!message?.job_id) return;
    const job = await getJob(deps.table, message.job_id);
    if (!job?.webhook_url || job.status === 'pending' || job.webhook_status === 'delivered') return;
    // A duplicate of an attempt already made: nothing to do.
    if (message.attempt <= job.webhook_attempts) return;

    const secret = await signingSecret(deps, job);
    const failure = await attempt(deps, job, secret);
    const { maxAttempts } = deps.config.webhooks;
    if (failure === null) {
      await setWebhookStatus(deps.table, job.id, { status: 'delivered', attempts: message.attempt });
      return;
    }
    deps.logger.info('webhook attempt failed', {
      jobId: job.id,
      attempt: message.attempt,
      failure: failure.description,
      permanent: failure.permanent,
    });
    if (failure.permanent || message.attempt >= maxAttempts) {
      await setWebhookStatus(deps.table, job.id, { status: 'failed', attempts: message.attempt });
      return;
    }
    // Next attempt first: if queueing it throws, this message comes back and is retried (its
    // attempt not yet recorded); recorded first, the redelivery would be dropped as a duplicate
    // and the webhook left pending with no attempt queued.
    await queueWebhook(deps, job.id, message.attempt + 1);
    await setWebhookStatus(deps.table, job.id, { status: 'pending', attempts: message.attempt });
  };
}
