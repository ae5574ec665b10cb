/**
 * @module infra/provision
 * Creates the table, queues and bucket from `resources.json` — the same definitions
 * `serverless.yml` deploys — against the local emulators. Idempotent.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../lib/aws/clients.ts';
import type { Config } from '../lib/config.ts';
import resources from './resources.json' with { type: 'json' };

export interface QueueUrls {
  captures: string;
  dlq: string;
  webhooks: string;
}

export async function createTable(clients: AwsClients, tableName: string): Promise<void> {
  const { TimeToLiveSpecification, ...table } = resources.table;
  try {
    await clients.dynamo.send(
      new CreateTableCommand({
        ...(table as Omit<CreateTableCommandInput, 'TableName'>),
        TableName: tableName,
      }),
    );
    await clients.dynamo.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification }));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await clients.dynamo.send(new DescribeTableCommand({ TableName: tableName }));
}

const stringify = (attrs: Record<string, number>) =>
  Object.fromEntries(Object.entries(attrs).map(([k, val]) => [k, String(val)]));

export async function createQueues(sqs: SQSClient, names: Config['queues']): Promise<QueueUrls> {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.dlq.name,
      Attributes: stringify(resources.queues.capturesDlq),
    }),
  );
  const dlqArn = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const captures = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.captures.name,
      Attributes: {
        ...stringify(resources.queues.captures),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn.Attributes?.QueueArn,
          maxReceiveCount: resources.queues.maxReceiveCount,
        }),
      },
    }),
  );
  // The webhooks queue parks a message its consumer kept failing on (not a failed delivery: each
  // attempt is a message of its own) in a dead-letter queue, as serverless.yml deploys it.
  const webhooksDlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${names.webhooks.name}-dlq`,
      Attributes: stringify(resources.queues.webhooksDlq),
    }),
  );
  const webhooksDlqArn = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: webhooksDlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const webhooks = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.webhooks.name,
      Attributes: {
        ...stringify(resources.queues.webhooks),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: webhooksDlqArn.Attributes?.QueueArn,
          maxReceiveCount: resources.queues.webhooksMaxReceiveCount,
        }),
      },
    }),
  );
  return { captures: captures.QueueUrl!, dlq: dlq.QueueUrl!, webhooks: webhooks.QueueUrl! };
}

export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
  // Emulators may not implement lifecycle rules; expiry is also enforced by render metadata in DynamoDB.
  await s3
    .send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: resources.bucket.LifecycleConfiguration as never,
      }),
    )
    .catch(() => undefined);
}

export async function provision(clients: AwsClients, config: Config): Promise<QueueUrls> {
  await createTable(clients, config.table);
  await createBucket(clients.s3, config.bucket);
  return createQueues(clients.sqs, config.queues);
}
