/**
 * @module jobs/dead-letters
 * The dead-letter consumer: a capture message SQS gave up on (maxReceiveCount transient
 * failures, or a worker killed every time) fails its job with a refund, if the worker did not
 * already. Chosen over a sweeper because SQS already knows exactly which jobs gave up. It also
 * applies refunds that could not be written when they were due (see captures/refund).
 */
import type { SQSRecord } from 'aws-lambda';
import { refundCredits } from '../billing/ledger.ts';
import { fail } from '../captures/outcome.ts';
import type { Deps } from '../deps.ts';
import { type CaptureMessage, parseMessage, type RefundMessage } from '../queue/messages.ts';
import { getJob } from '../store/jobs.ts';

export function deadLetterProcessor(deps: Deps) {
  return async function deadLetter(record: SQSRecord): Promise<void> {
    const message = parseMessage<Partial<CaptureMessage & RefundMessage>>(record.body);
    if (message?.refund) {
      // Throws while DynamoDB is still down: the message comes back until the refund lands.
      const { account_id, amount, ref } = message.refund;
      await refundCredits(deps.table, account_id, amount, ref, deps.now());
      return;
    }
    if (!message?.job_id) return;
    const job = await getJob(deps.table, message.job_id);
    if (job?.status !== 'pending') return;
    await fail(deps, job.plan, {
      code: 'unavailable',
      message: `The capture failed ${job.attempts} times on transient errors (browser or backing service); credits were refunded. Retry the request.`,
    });
  };
}
