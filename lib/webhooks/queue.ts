/**
 * @module webhooks/queue
 * Webhook attempts travel through their own SQS queue with a delay per attempt (backoff without
 * a sleeping Lambda).
 */
import type { Deps } from '../deps.ts';
import { sendMessage } from '../queue/messages.ts';

/** Queues attempt `attempt` (1-based); attempt n>1 waits the configured backoff n−1. */
export async function queueWebhook(deps: Deps, jobId: string, attempt: number): Promise<void> {
  const backoff = deps.config.webhooks.backoffSeconds;
  const delay = attempt <= 1 ? 0 : (backoff[Math.min(attempt - 2, backoff.length - 1)] ?? 0);
  await sendMessage(deps.aws.sqs, deps.config.queues.webhooks.url, { job_id: jobId, attempt }, delay);
}
