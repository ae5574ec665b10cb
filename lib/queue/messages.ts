/**
 * @module queue/messages
 * What goes on the queues, and sending it. Messages carry ids only; the job record is the truth.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Unavailable } from '../errors.ts';

export interface CaptureMessage {
  job_id: string;
}

/** A refund that could not be written when it was due (DynamoDB down): applied by the dead-letter consumer. */
export interface RefundMessage {
  refund: { account_id: string; amount: number; ref: string };
}

export interface WebhookMessage {
  job_id: string;
  /** 1-based attempt this message is for. */
  attempt: number;
}

export async function sendMessage(
  sqs: SQSClient,
  queueUrl: string | undefined,
  body: CaptureMessage | WebhookMessage | RefundMessage,
  delaySeconds = 0,
): Promise<void> {
  if (!queueUrl) throw new Unavailable('sqs', 'No queue is configured (FRAMESHOT_QUEUE_URL).');
  try {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        DelaySeconds: delaySeconds,
      }),
    );
  } catch (err) {
    throw new Unavailable('sqs', 'The job queue is unavailable; nothing was charged. Retry shortly.', {
      cause: err,
    });
  }
}

/** Hides a received message for `seconds` more (0: visible again now). No queue configured: nothing to do. */
export async function setVisibility(
  sqs: SQSClient,
  queueUrl: string | undefined,
  receiptHandle: string,
  seconds: number,
): Promise<void> {
  if (!queueUrl) return;
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
}

export function parseMessage<T>(body: string): T | undefined {
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
}
