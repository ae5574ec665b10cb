/**
 * @module jobs/dead-letters
 * The dead-letter consumer: a capture message SQS gave up on (maxReceiveCount transient
 * failures, or a worker killed every time) fails its job with a refund, if the worker did not
 * already. Chosen over a sweeper because SQS already knows exactly which jobs gave up.
 */
import type { SQSRecord } from 'aws-lambda';
import type { Deps } from '../deps.ts';
import { type CaptureMessage, parseMessage } from '../queue/messages.ts';
import { getJob } from '../store/jobs.ts';
import { failJob } from './run.ts';

export function deadLetterProcessor(deps: Deps) {
  return async function deadLetter(record: SQSRecord): Promise<void> {
    const message = parseMessage<CaptureMessage>(record.body);
    if (!message?.job_id) return;
    const job = await getJob(deps.table, message.job_id);
    if (job?.status !== 'pending') return;
    await failJob(deps, job, {
      code: 'unavailable',
      message: `The capture failed ${job.attempts} times on transient errors (browser or backing service); credits were refunded. Retry the request.`,
    });
  };
}
