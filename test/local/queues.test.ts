/**
 * The local stack's queues are the deployed ones (infra/resources.json): the captures queue and
 * the webhooks queue each park what their consumer keeps failing on in a dead-letter queue.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import resources from '../../infra/resources.json' with { type: 'json' };
import { testDeps } from '../helpers/stack.ts';

const redrive = async (url: string) => {
  const deps = testDeps();
  const { Attributes } = await deps.aws.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }),
  );
  return JSON.parse(Attributes?.RedrivePolicy ?? '{}') as {
    deadLetterTargetArn?: string;
    maxReceiveCount?: number;
  };
};

describe('local queues', () => {
  it('redrive captures to their dead-letter queue after maxReceiveCount', async () => {
    const policy = await redrive(testDeps().config.queues.captures.url!);
    expect(Number(policy.maxReceiveCount)).toBe(resources.queues.maxReceiveCount);
    expect(policy.deadLetterTargetArn).toMatch(/dlq/i);
  });

  it('redrive webhook messages to a dead-letter queue of their own', async () => {
    const config = testDeps().config;
    const policy = await redrive(config.queues.webhooks.url!);
    expect(Number(policy.maxReceiveCount)).toBe(resources.queues.webhooksMaxReceiveCount);
    expect(policy.deadLetterTargetArn).toContain(`${config.queues.webhooks.name}-dlq`);
  });
});
