/**
 * @module local/workers
 * The local stack's workers: poll loops over the capture queue, its dead-letter queue and the
 * webhook queue, each calling the Lambda handler; plus re-queueing pending jobs on start, since
 * the local SQS keeps messages in memory only.
 */
import type { Deps } from '../deps.ts';
import { type QueueLoop, startQueueLoop } from '../queue/local-loop.ts';
import { sendMessage } from '../queue/messages.ts';
import { allItems } from '../store/table.ts';
import { workerHandlers } from '../worker.ts';

type LocalQueue = 'captures' | 'deadLetters' | 'webhooks';

export function startLocalWorkers(
  deps: Deps,
  options: { waitSeconds?: number; only?: LocalQueue[] } = {},
): { stop(): Promise<void> } {
  const handlers = workerHandlers(deps);
  const { queues } = deps.config;
  const common = { sqs: deps.aws.sqs, logger: deps.logger, waitSeconds: options.waitSeconds };
  const specs: Record<LocalQueue, { queueUrl: string; batchSize: number }> = {
    captures: { queueUrl: queues.captures.url!, batchSize: deps.config.browser.concurrency },
    deadLetters: { queueUrl: queues.dlq.url!, batchSize: 10 },
    webhooks: { queueUrl: queues.webhooks.url!, batchSize: 10 },
  };
  const loops: QueueLoop[] = (options.only ?? (Object.keys(specs) as LocalQueue[])).map((name) =>
    startQueueLoop({ ...common, ...specs[name], handler: handlers[name] }),
  );
  return { stop: async () => void (await Promise.all(loops.map((l) => l.stop()))) };
}

/** Puts every job still pending back on the queue (their messages died with the last process). */
export async function requeuePendingJobs(deps: Deps): Promise<number> {
  const pending = await allItems(
    deps.table,
    {
      FilterExpression: '#type = :job AND #status = :pending',
      ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
      ExpressionAttributeValues: { ':job': 'job', ':pending': 'pending' },
      ProjectionExpression: 'id',
    },
    { scan: true },
  );
  for (const item of pending) {
    await sendMessage(deps.aws.sqs, deps.config.queues.captures.url, { job_id: item.id as string });
  }
  return pending.length;
}
