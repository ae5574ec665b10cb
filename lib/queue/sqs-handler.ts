/**
 * @module queue/sqs-handler
 * An SQS batch handler with partial batch failures: each record is processed on its own, and
 * only the ones that threw go back to the queue (and, after maxReceiveCount, to the DLQ).
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../logger.ts';

export type RecordProcessor = (record: SQSRecord) => Promise<void>;

export function sqsHandler(process: RecordProcessor, logger: Logger) {
  return async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const results = await Promise.allSettled(event.Records.map((record) => process(record)));
    const batchItemFailures = results.flatMap((result, i) => {
      if (result.status === 'fulfilled') return [];
      const record = event.Records[i]!;
      logger.warn('record failed; it goes back to the queue', {
        messageId: record.messageId,
        receiveCount: record.attributes.ApproximateReceiveCount,
        err: result.reason,
      });
      return [{ itemIdentifier: record.messageId }];
    });
    return { batchItemFailures };
  };
}
