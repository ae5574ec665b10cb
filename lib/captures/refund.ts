/**
 * @module captures/refund
 * Refunding a failed capture even when DynamoDB is what failed: the refund is retried, and if it
 * still cannot be written it goes on the dead-letter queue, whose consumer applies it once
 * DynamoDB is back. Refunds are keyed by the capture id, so however often it is tried, it pays
 * once.
 */
import { refundCredits } from '../billing/ledger.ts';
import type { Deps } from '../deps.ts';
import { sendMessage } from '../queue/messages.ts';

export async function refundOrQueue(
  deps: Deps,
  refund: { accountId: string; amount: number; ref: string },
): Promise<void> {
  if (refund.amount <= 0) return;
  try {
    await refundCredits(deps.table, refund.accountId, refund.amount, refund.ref, deps.now());
  } catch (err) {
    deps.logger.error('refund could not be written; queued for the dead-letter consumer', { ...refund, err });
    await sendMessage(deps.aws.sqs, deps.config.queues.dlq.url, {
      refund: { account_id: refund.accountId, amount: refund.amount, ref: refund.ref },
    });
  }
}
