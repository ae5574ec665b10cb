/**
 * @module health
 * Readiness: can this process reach DynamoDB, S3, SQS and (where it captures) the browser? The
 * browser counts as reachable only when it opens and closes a context within a short deadline
 * (`BrowserPool.warm`): a wedged Chromium stays connected while it answers nothing.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Deps } from './deps.ts';

export type CheckResult = { ok: true; ms: number } | { ok: false; ms: number; error: string };

async function timed(fn: () => Promise<unknown>): Promise<CheckResult> {
  const start = performance.now();
  try {
    await fn();
    return { ok: true, ms: Math.round(performance.now() - start) };
  } catch (err) {
    return {
      ok: false,
      ms: Math.round(performance.now() - start),
      error: (err as Error).message || String(err),
    };
  }
}

export interface ReadinessProbe {
  name: string;
  check(): Promise<unknown>;
}

export async function checkReadiness(
  deps: Pick<Deps, 'aws' | 'config'>,
  extra: ReadinessProbe[] = [],
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const { aws, config } = deps;
  const probes: ReadinessProbe[] = [
    { name: 'dynamodb', check: () => aws.dynamo.send(new DescribeTableCommand({ TableName: config.table })) },
    { name: 's3', check: () => aws.s3.send(new HeadBucketCommand({ Bucket: config.bucket })) },
    {
      name: 'sqs',
      check: () =>
        aws.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: config.queues.captures.url,
            AttributeNames: ['QueueArn'],
          }),
        ),
    },
    ...extra,
  ];
  const results = await Promise.all(probes.map(async (p) => [p.name, await timed(() => p.check())] as const));
  const checks = Object.fromEntries(results);
  return { ready: results.every(([, r]) => r.ok), checks };
}
