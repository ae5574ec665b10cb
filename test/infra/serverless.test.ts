import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import extract from 'extract-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import resources from '../../infra/resources.json' with { type: 'json' };
import { bundleLambda } from '../../scripts/lambda-bundle.ts';

const run = promisify(execFile);

describe('serverless.yml', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'frameshot-sls-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  beforeAll(async () => {
    await run(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts']);
    await run(
      process.execPath,
      ['node_modules/osls/bin/serverless.js', 'package', '--stage', 'ci', '--package', out],
      {
        env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
        timeout: 120_000,
      },
    );
  }, 180_000);

  it('packages offline into a template with the functions, the table, queue + DLQ and bucket from infra/', () => {
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
  });

  it('deploys bundles that load from the package and find every file they read at run time', async () => {
    const root = path.join(out, 'unzipped');
    await extract(path.join(out, 'frameshot.zip'), { dir: root });
    // The probe is bundled exactly as the functions are and dropped beside them.
    await bundleLambda(['test/infra/fixtures/bundle-probe.ts'], path.join(root, 'dist/functions'));

    const { stdout } = await run(process.execPath, [path.resolve('test/infra/fixtures/run-bundles.mjs')], {
      cwd: root,
      env: { PATH: process.env.PATH, FRAMESHOT_RENDER_SECRET: 'x'.repeat(32), FRAMESHOT_LOG_LEVEL: 'SILENT' },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);

    expect(result.handlers).toEqual({
      'api.mjs': 'function',
      'dead-letters.mjs': 'function',
      'renewal.mjs': 'function',
      'webhooks.mjs': 'function',
      'worker.mjs': 'function',
    });
    expect(result.health).toMatchObject({ status: 200, head: '{"status":"ok"}' });
    expect(result.scalar.status).toBe(200);
    expect(result.scalar.bytes).toBeGreaterThan(100_000);
    expect(result.probe.assets).toBe(path.join(root, 'assets'));
    expect(result.probe.consentScriptBytes).toBeGreaterThan(10_000);
    expect(result.probe.consentRules).toBeGreaterThan(0);
    expect(result.probe.adBlocked).toBe(true);
    expect(result.probe.fontsMissing).toEqual([]);
  }, 120_000);
});
