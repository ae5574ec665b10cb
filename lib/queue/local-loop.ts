/**
 * @module queue/local-loop
 * The embedded stack's stand-in for Lambda's SQS event source: long-polls a queue, hands each
 * batch to the very same handler as an SQS-shaped event, deletes what succeeded, and leaves
 * failures for SQS to redeliver (or dead-letter).
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../logger.ts';

export interface QueueLoopOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  logger: Logger;
  /** Messages per batch (and so captures in flight from this loop). */
  batchSize?: number;
  /** Long-poll wait; short, so stopping the loop is quick. */
  waitSeconds?: number;
}

export interface QueueLoop {
  stop(): Promise<void>;
}

function toRecord(message: Message, queueUrl: string): SQSRecord {
  const attrs = message.Attributes ?? {};
  const queueName = queueUrl.split('/').at(-1) ?? 'queue';
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? '1',
      SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
      SenderId: attrs.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
    awsRegion: 'local',
  };
}

/** Deletes the messages the handler took; one that stays is redelivered (and handled idempotently). */
async function deleteHandled(options: QueueLoopOptions, done: Message[]): Promise<void> {
  if (!done.length) return;
  await options.sqs
    .send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    )
    .catch((err) =>
      options.logger.warn('could not delete handled messages; they may be redelivered', { err }),
    );
}

export function startQueueLoop(options: QueueLoopOptions): QueueLoop {
  const { sqs, queueUrl, handler, logger } = options;
  let stopped = false;

  async function poll(): Promise<void> {
    while (!stopped) {
      let messages: Message[] = [];
      try {
        const res = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: options.batchSize ?? 2,
            WaitTimeSeconds: options.waitSeconds ?? 2,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        messages = res.Messages ?? [];
      } catch (err) {
        if (stopped) return;
        logger.warn('queue poll failed; retrying', { queueUrl, err });
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (messages.length === 0) continue;
      const event: SQSEvent = { Records: messages.map((m) => toRecord(m, queueUrl)) };
      let failed = new Set<string>();
      try {
        const result = await handler(event);
        failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      } catch (err) {
        logger.error('queue handler threw; the whole batch will be redelivered', { err });
        continue;
      }
      await deleteHandled(
        options,
        messages.filter((m) => !failed.has(m.MessageId!)),
      );
    }
  }

  const running = poll();
  return {
    /**
     * Lets the current poll finish (at most `waitSeconds`) instead of aborting it: the emulator
     * would otherwise hand the next message to the abandoned poll, hiding it for a whole
     * visibility timeout.
     */
    async stop() {
      stopped = true;
      await running;
    },
  };
}
