import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import resources from '../../infra/resources.json' with { type: 'json' };

const run = promisify(execFile);

describe('serverless.yml', () => {
  it('packages offline into a template with the functions, the table, queue + DLQ and bucket from infra/', async () => {
    await run(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts']);
    const out = mkdtempSync(path.join(os.tmpdir(), 'frameshot-sls-'));
    await run(
      process.execPath,
      ['node_modules/osls/bin/serverless.js', 'package', '--stage', 'ci', '--package', out],
      {
        env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
        timeout: 120_000,
      },
    );
    const template = JSON.parse(
      readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
    );
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are read freely here.
    type Resource = { Type: string; Properties: Record<string, any> };
    const resourcesOfType = (type: string) =>
      Object.entries(template.Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

    const functions = Object.fromEntries(resourcesOfType('AWS::Lambda::Function'));
    expect(Object.keys(functions)).toEqual(
      expect.arrayContaining([
        'ApiLambdaFunction',
        'WorkerLambdaFunction',
        'DeadLettersLambdaFunction',
        'WebhooksLambdaFunction',
        'RenewalLambdaFunction',
      ]),
    );
    expect(functions.ApiLambdaFunction!.Properties.Handler).toBe('dist/functions/api.handler');
    expect(functions.WorkerLambdaFunction!.Properties.Runtime).toBe('nodejs22.x');

    const [, table] = resourcesOfType('AWS::DynamoDB::Table')[0]!;
    expect(table.Properties.KeySchema).toEqual(resources.table.KeySchema);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(resources.table.GlobalSecondaryIndexes);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });

    const queues = Object.fromEntries(resourcesOfType('AWS::SQS::Queue'));
    expect(queues.CapturesQueue!.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['CapturesDeadLetterQueue', 'Arn'] },
      maxReceiveCount: resources.queues.maxReceiveCount,
    });
    expect(queues.CapturesQueue!.Properties.VisibilityTimeout).toBe(
      resources.queues.captures.VisibilityTimeout,
    );
    expect(queues.WebhooksQueue).toBeDefined();

    const [, bucket] = resourcesOfType('AWS::S3::Bucket').find(([name]) => name === 'RendersBucket')!;
    expect(bucket.Properties.LifecycleConfiguration).toEqual(resources.bucket.LifecycleConfiguration);

    const mappings = resourcesOfType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    const worker = mappings.find((m) => JSON.stringify(m.EventSourceArn).includes('CapturesQueue'))!;
    expect(worker.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  }, 180_000);
});
