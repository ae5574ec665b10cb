import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import extract from 'extract-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import resources from '../../infra/resources.json' with { type: 'json' };
import { ASYNC_TIMEOUT_MS } from '../../lib/schemas/budgets.ts';
import { bundleLambda } from '../../scripts/lambda-bundle.ts';

const run = promisify(execFile);

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation is read freely here.
type Json = any;
type Resource = Record<string, Json> & { Type: string; Properties: Record<string, Json> };
type Template = { Resources: Record<string, Resource>; Conditions: Record<string, Json> };

/** `osls package` offline into `dir` (no AWS account: nothing here needs credentials). */
async function packageInto(dir: string, params: string[] = []): Promise<void> {
  await run(
    process.execPath,
    [
      'node_modules/osls/bin/serverless.js',
      'package',
      '--stage',
      'ci',
      '--package',
      dir,
      ...params.map((p) => `--param=${p}`),
    ],
    { env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' }, timeout: 120_000 },
  );
}

const readTemplate = (dir: string): Template =>
  JSON.parse(readFileSync(path.join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));

const ofType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** The HTTP API's own URL, as serverless.yml builds it when no custom domain is given. */
const HTTP_API_URL = {
  'Fn::Join': [
    '',
    ['https://', { Ref: 'HttpApi' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
  ],
};

/** cfn-lint (PyPI; no npm linter covers current resource types) when this machine has it. */
const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

describe('serverless.yml', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'frameshot-sls-'));
  /** The same service packaged with a custom domain and the stage options turned on. */
  const custom = path.join(out, 'custom-domain');
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  let template: Template;
  let customTemplate: Template;

  beforeAll(async () => {
    await run(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts']);
    mkdirSync(custom);
    // One after the other: osls stages its artifacts in the service's own .serverless folder.
    await packageInto(out);
    await packageInto(custom, [
      'publicBaseUrl=https://shots.example.com',
      'alarmEmail=ops@example.com',
      'provisionedApi=2',
      'provisionedWorker=1',
      'renderRetentionDays=7',
    ]);
    template = readTemplate(out);
    customTemplate = readTemplate(custom);
  }, 240_000);

  it('packages offline into a template with the functions, the table, queue + DLQ and bucket from infra/', () => {
    const functions = Object.fromEntries(ofType(template, 'AWS::Lambda::Function'));
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

    const [, table] = ofType(template, 'AWS::DynamoDB::Table')[0]!;
    expect(table.Properties.KeySchema).toEqual(resources.table.KeySchema);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(resources.table.GlobalSecondaryIndexes);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });

    const queues = Object.fromEntries(ofType(template, 'AWS::SQS::Queue'));
    expect(queues.CapturesQueue!.Properties.VisibilityTimeout).toBe(
      resources.queues.captures.VisibilityTimeout,
    );
    expect(queues.WebhooksQueue!.Properties.VisibilityTimeout).toBe(
      resources.queues.webhooks.VisibilityTimeout,
    );

    const mappings = ofType(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    const worker = mappings.find((m) => JSON.stringify(m.EventSourceArn).includes('CapturesQueue'))!;
    expect(worker.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('sends both queues to their dead-letter queues, with the counts infra/resources.json sets', () => {
    const queues = Object.fromEntries(ofType(template, 'AWS::SQS::Queue'));
    expect(queues.CapturesQueue!.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['CapturesDeadLetterQueue', 'Arn'] },
      maxReceiveCount: resources.queues.maxReceiveCount,
    });
    expect(queues.WebhooksQueue!.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['WebhooksDeadLetterQueue', 'Arn'] },
      maxReceiveCount: resources.queues.webhooksMaxReceiveCount,
    });
    expect(queues.CapturesDeadLetterQueue!.Properties).toEqual(resources.queues.capturesDlq);
    expect(queues.WebhooksDeadLetterQueue!.Properties).toEqual(resources.queues.webhooksDlq);
  });

  it('caps queue consumers with maximumConcurrency, never reserved concurrency', () => {
    for (const [name, fn] of ofType(template, 'AWS::Lambda::Function')) {
      expect(fn.Properties.ReservedConcurrentExecutions, name).toBeUndefined();
    }
    const mappings = ofType(template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(3);
    for (const [name, mapping] of mappings) {
      expect(mapping.Properties.ScalingConfig?.MaximumConcurrency, name).toBeGreaterThanOrEqual(2);
    }
  });

  it('lets the IAM role reach every queue and read only the stage secret', () => {
    const statements: { Effect: string; Action: string[]; Resource: unknown }[] =
      template.Resources.IamRoleLambdaExecution!.Properties.Policies.flatMap(
        (p: Json) => p.PolicyDocument.Statement,
      );
    const send = statements.find((s) => s.Action.includes('sqs:SendMessage'))!;
    for (const queue of [
      'CapturesQueue',
      'CapturesDeadLetterQueue',
      'WebhooksQueue',
      'WebhooksDeadLetterQueue',
    ]) {
      expect(send.Resource).toContainEqual({ 'Fn::GetAtt': [queue, 'Arn'] });
    }
    const secrets = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager'));
    expect(secrets).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':secretsmanager:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':secret:frameshot/ci-*',
            ],
          ],
        },
      },
    ]);
  });

  it('puts no secret in any environment: the functions get the secret id to read at cold start', () => {
    expect(JSON.stringify(template)).not.toContain('{{resolve:');
    for (const [name, fn] of ofType(template, 'AWS::Lambda::Function')) {
      const env: Record<string, unknown> = fn.Properties.Environment.Variables;
      expect(env.FRAMESHOT_SECRETS_ID, name).toBe('frameshot/ci');
      const secretLooking = Object.keys(env).filter(
        (key) =>
          key !== 'FRAMESHOT_SECRETS_ID' && /SECRET|ENCRYPTION|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY/.test(key),
      );
      expect(secretLooking, name).toEqual([]);
    }
  });

  it('links to the HTTP API or the custom domain, never localhost', () => {
    expect(JSON.stringify(template).toLowerCase()).not.toContain('localhost');
    expect(JSON.stringify(template)).not.toContain('127.0.0.1');
    expect(template.Resources.HttpApi?.Type).toBe('AWS::ApiGatewayV2::Api');
    // The Api itself references no function, so the functions may reference it (no cycle).
    expect(JSON.stringify(template.Resources.HttpApi)).not.toContain('LambdaFunction');
    expect(template.Conditions.HasCustomDomain).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    for (const [name, fn] of ofType(template, 'AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables.FRAMESHOT_PUBLIC_BASE_URL, name).toEqual({
        'Fn::If': ['HasCustomDomain', '', HTTP_API_URL],
      });
    }

    // With --param="publicBaseUrl=…" the condition holds and the env resolves to the domain.
    expect(JSON.stringify(customTemplate).toLowerCase()).not.toContain('localhost');
    expect(customTemplate.Conditions.HasCustomDomain).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['https://shots.example.com', ''] }],
    });
    for (const [name, fn] of ofType(customTemplate, 'AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables.FRAMESHOT_PUBLIC_BASE_URL, name).toEqual({
        'Fn::If': ['HasCustomDomain', 'https://shots.example.com', HTTP_API_URL],
      });
    }
  });

  it('keeps function and queue timeouts inside the capture budgets', () => {
    const fn = (id: string) => template.Resources[id]!.Properties;
    // API Gateway ends an integration at 29 s: the api must end (and answer) before that.
    expect(fn('ApiLambdaFunction').Timeout).toBeLessThanOrEqual(29);
    // The worker runs the async budget plus launch/upload/bookkeeping margin.
    expect(fn('WorkerLambdaFunction').Timeout).toBeGreaterThanOrEqual(ASYNC_TIMEOUT_MS / 1000 + 30);
    // A message stays invisible for as long as its consumer may run (Lambda also requires it).
    const queues = template.Resources;
    for (const [name, mapping] of ofType(template, 'AWS::Lambda::EventSourceMapping')) {
      const queue = mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
      const consumer = JSON.stringify(mapping.Properties.FunctionName).match(/"(\w+LambdaFunction)"/)![1]!;
      const visibility = queues[queue]!.Properties.VisibilityTimeout ?? 30;
      expect(visibility, name).toBeGreaterThanOrEqual(fn(consumer).Timeout);
    }
    expect(queues.CapturesQueue!.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      fn('WorkerLambdaFunction').Timeout,
    );
  });

  it('retains the table and the bucket, and expires renders/ after the retention setting', () => {
    for (const id of ['MainTable', 'RendersBucket']) {
      expect(template.Resources[id]!.DeletionPolicy, id).toBe('Retain');
      expect(template.Resources[id]!.UpdateReplacePolicy, id).toBe('Retain');
    }
    const rules = (t: Template) =>
      t.Resources.RendersBucket!.Properties.LifecycleConfiguration.Rules as Resource[];
    const renders = (t: Template) => rules(t).find((r) => r.Prefix === 'renders/')!;
    // The default of the renderRetentionDays param (config's default too) …
    expect(renders(template).ExpirationInDays).toBe(30);
    for (const [name, fn] of ofType(template, 'AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables.FRAMESHOT_RENDER_RETENTION_DAYS, name).toBe('30');
    }
    // … and what it is set to, in the rule and in the functions alike.
    // (A --param arrives as a string, which CloudFormation takes for an integer property.)
    expect(Number(renders(customTemplate).ExpirationInDays)).toBe(7);
    expect(customTemplate.Resources.ApiLambdaFunction!.Properties.Environment.Variables).toMatchObject({
      FRAMESHOT_RENDER_RETENTION_DAYS: '7',
    });
    // The other rules are infra/resources.json's, as the local stack applies them.
    const local = resources.bucket.LifecycleConfiguration.Rules;
    expect(rules(template).filter((r) => r.Prefix !== 'renders/')).toEqual(
      local.filter((r) => r.Prefix !== 'renders/'),
    );
    expect(rules(template).map((r) => r.Id)).toEqual(
      expect.arrayContaining(['test-renders-24h', 'background-cache-30d']),
    );
  });

  it('throttles the HTTP API stage as an outer guard', () => {
    const stage = template.Resources.HttpApiStage!;
    expect(stage.Type).toBe('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 100,
      ThrottlingBurstLimit: 200,
    });
  });

  it('alarms on 5xx, capture failures, DLQ depth, queue age, throttles and errors, to the topic', () => {
    expect(template.Resources.AlarmsTopic?.Type).toBe('AWS::SNS::Topic');
    const alarms = ofType(template, 'AWS::CloudWatch::Alarm');
    for (const [name, alarm] of alarms) {
      expect(alarm.Properties.TreatMissingData, name).toBe('notBreaching');
      expect(alarm.Properties.AlarmActions, name).toEqual([{ Ref: 'AlarmsTopic' }]);
    }
    const watching = (namespace: string, metric: string, dimension: unknown) =>
      alarms.filter(
        ([, a]) =>
          a.Properties.Namespace === namespace &&
          a.Properties.MetricName === metric &&
          JSON.stringify(a.Properties.Dimensions).includes(JSON.stringify(dimension)),
      );
    expect(watching('AWS/ApiGateway', '5xx', { Name: 'ApiId', Value: { Ref: 'HttpApi' } })).toHaveLength(1);
    for (const dlq of ['CapturesDeadLetterQueue', 'WebhooksDeadLetterQueue']) {
      const [[, depth] = []] = watching('AWS/SQS', 'ApproximateNumberOfMessagesVisible', {
        'Fn::GetAtt': [dlq, 'QueueName'],
      });
      expect(depth?.Properties, dlq).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
    const [[, age] = []] = watching('AWS/SQS', 'ApproximateAgeOfOldestMessage', {
      'Fn::GetAtt': ['CapturesQueue', 'QueueName'],
    });
    expect(age?.Properties.Threshold).toBeLessThanOrEqual(300);
    for (const fn of ['ApiLambdaFunction', 'WorkerLambdaFunction']) {
      for (const metric of ['Throttles', 'Errors']) {
        expect(
          watching('AWS/Lambda', metric, { Name: 'FunctionName', Value: { Ref: fn } }),
          `${fn} ${metric}`,
        ).toHaveLength(1);
      }
    }

    // Capture failures: metric filters on the api's and worker's EMF lines feed a per-stage
    // namespace the failure-rate alarm reads.
    const filters = ofType(template, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    for (const logGroup of ['ApiLogGroup', 'WorkerLogGroup']) {
      for (const metric of ['CaptureFailures', 'Captures']) {
        expect(
          filters.find(
            (f) =>
              f.LogGroupName.Ref === logGroup &&
              f.MetricTransformations[0].MetricName === metric &&
              f.MetricTransformations[0].MetricNamespace === 'Frameshot/ci',
          ),
          `${logGroup} ${metric}`,
        ).toBeDefined();
      }
    }
    const rate = alarms.find(([, a]) =>
      (a.Properties.Metrics ?? []).some(
        (m: Json) =>
          m.MetricStat?.Metric.MetricName === 'CaptureFailures' &&
          m.MetricStat.Metric.Namespace === 'Frameshot/ci',
      ),
    );
    expect(rate).toBeDefined();

    // The email subscription exists only when alarmEmail is set.
    expect(template.Resources.AlarmsEmailSubscription?.Condition).toBe('HasAlarmEmail');
    expect(template.Conditions.HasAlarmEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    expect(customTemplate.Conditions.HasAlarmEmail).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['ops@example.com', ''] }],
    });
  });

  it('adds provisioned concurrency only when a stage asks for it', () => {
    const aliases = (t: Template) =>
      Object.fromEntries(
        ofType(t, 'AWS::Lambda::Alias').map(([, a]) => [
          a.Properties.FunctionName.Ref,
          a.Properties.ProvisionedConcurrencyConfig?.ProvisionedConcurrentExecutions,
        ]),
      );
    expect(aliases(template)).toEqual({});
    expect(aliases(customTemplate)).toEqual({ ApiLambdaFunction: 2, WorkerLambdaFunction: 1 });
  });

  it.skipIf(!cfnLint)(
    'passes cfn-lint, by default and with every stage option set',
    () => {
      for (const dir of [out, custom]) {
        // W3005: osls's own redundant DependsOn; W8003: the param-made Conditions compare constants.
        const lint = spawnSync(
          'cfn-lint',
          [
            '--ignore-checks',
            'W3005',
            'W8003',
            '--',
            path.join(dir, 'cloudformation-template-update-stack.json'),
          ],
          { encoding: 'utf8' },
        );
        expect(lint.stdout + lint.stderr, dir).toBe('');
        expect(lint.status, dir).toBe(0);
      }
    },
    60_000,
  );

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
