import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import extract from 'extract-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import resources from '../../infra/resources.json' with { type: 'json' };
import { ASYNC_TIMEOUT_MS } from '../../lib/schemas/budgets.ts';
import { CHROMIUM_FILES } from '../../scripts/build-lambda.ts';
import { bundleLambda, externalImports } from '../../scripts/lambda-bundle.ts';

const run = promisify(execFile);

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation is read freely here.
type Json = any;
type Resource = Record<string, Json> & { Type: string; Properties: Record<string, Json> };
type Template = { Resources: Record<string, Resource>; Conditions: Record<string, Json> };

/**
 * Stands in for CloudFormation while osls packages: with a layer in the service, `osls package`
 * asks whether the deployed stack already has this layer version (`DescribeStacks`, to skip
 * re-uploading it), and needs credentials for that. The stub answers as AWS does before a first
 * deploy — no such stack — so packaging stays offline and needs no account.
 */
async function cloudFormationStub(): Promise<{ server: Server; url: string; actions: string[] }> {
  const actions: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '?';
      actions.push(action);
      const stack = new URLSearchParams(body).get('StackName');
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${stack} does not exist</Message></Error><RequestId>offline</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, actions };
}

/** `osls package` offline into `dir`, CloudFormation's one question answered by `cloudFormation`. */
async function packageInto(cloudFormation: string, dir: string, params: string[] = []): Promise<void> {
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...env } = process.env;
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
    {
      env: {
        ...env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        AWS_ACCESS_KEY_ID: 'offline',
        AWS_SECRET_ACCESS_KEY: 'offline',
        AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation,
      },
      timeout: 120_000,
    },
  );
}

/** Every file under `dir`, relative to it, with its size. */
function filesUnder(dir: string, prefix = ''): Map<string, number> {
  const files = new Map<string, number>();
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [f, size] of filesUnder(dir, rel)) files.set(f, size);
    else files.set(rel, statSync(path.join(dir, rel)).size);
  }
  return files;
}

const sum = (files: Map<string, number>) => [...files.values()].reduce((a, b) => a + b, 0);

/** The packages `name` loads at run time (dependencies, and optional ones that are installed). */
function dependencyClosure(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const pkg = JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) dependencyClosure(dep, seen);
  for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
    if (existsSync(path.join('node_modules', dep))) dependencyClosure(dep, seen);
  }
  return seen;
}

/** The packages a zip holds, from its file list (`node_modules/<name>` or `node_modules/@scope/name`). */
const packagesIn = (files: Iterable<string>) =>
  new Set(
    [...files]
      .filter((f) => f.startsWith('node_modules/'))
      .map((f) =>
        f
          .split('/')
          .slice(1, f.startsWith('node_modules/@') ? 3 : 2)
          .join('/'),
      ),
  );

/** Lambda's limit on a function's code unzipped, its layers included (250 MB). */
const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;

/** serverless.yml's functions: the zip osls names after each, and its bundle. */
const FUNCTIONS = {
  api: 'api',
  worker: 'worker',
  deadLetters: 'dead-letters',
  webhooks: 'webhooks',
  renewal: 'renewal',
} as const;
type FunctionName = keyof typeof FUNCTIONS;
/** The functions that capture: Chromium (the layer) and the compose stack. */
const CAPTURING: FunctionName[] = ['api', 'worker'];
const logicalId = (fn: FunctionName) => `${fn[0]!.toUpperCase()}${fn.slice(1)}LambdaFunction`;

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

/** The font each script of test/fixtures/pages/multiscript.html is drawn with (assets/fonts). */
const PACKAGED_FONT_OF: Record<string, string> = {
  emoji: 'Noto Color Emoji',
  japanese: 'Droid Sans Fallback',
  chinese: 'Droid Sans Fallback',
  korean: 'Droid Sans Fallback',
  arabic: 'Noto Sans Arabic',
  hebrew: 'Noto Sans Hebrew',
  thai: 'Noto Sans Thai',
  hindi: 'Noto Sans Devanagari',
};

describe('serverless.yml', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'frameshot-sls-'));
  /** The same service packaged with a custom domain and the stage options turned on. */
  const custom = path.join(out, 'custom-domain');

  /** The packages unzipped as Lambda lays them out: each function's at `<fn>/`, the layer at `opt/`. */
  const lambda = path.join(out, 'lambda');
  const opt = path.join(lambda, 'opt');
  let template: Template;
  let customTemplate: Template;
  let stub: Awaited<ReturnType<typeof cloudFormationStub>>;
  afterAll(() => {
    stub?.server.close();
    rmSync(out, { recursive: true, force: true });
  });

  beforeAll(async () => {
    await run(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts']);
    stub = await cloudFormationStub();
    mkdirSync(custom);
    // One after the other: osls stages its artifacts in the service's own .serverless folder.
    await packageInto(stub.url, out);
    await packageInto(stub.url, custom, [
      'publicBaseUrl=https://shots.example.com',
      'alarmEmail=ops@example.com',
      'provisionedApi=2',
      'provisionedWorker=1',
      'renderRetentionDays=7',
      'sourceMaps=true',
    ]);
    template = readTemplate(out);
    customTemplate = readTemplate(custom);
    await extract(path.join(out, 'chromium.zip'), { dir: opt });
    for (const fn of Object.keys(FUNCTIONS)) {
      await extract(path.join(out, `${fn}.zip`), { dir: path.join(lambda, fn) });
    }
  }, 300_000);

  it('packages offline: the only AWS call, CloudFormation DescribeStacks, is answered locally', () => {
    expect(new Set(stub.actions)).toEqual(new Set(['DescribeStacks']));
  });

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
      expect.arrayContaining(['test-renders-24h', 'background-cache-30d', 'documents-7d']),
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

  it("packages each function on its own, within Lambda's size limit with its layers", () => {
    const layer = filesUnder(opt);
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) {
      const props = template.Resources[logicalId(fn)]!.Properties;
      expect(props.Code.S3Key, fn).toMatch(new RegExp(`/${fn}\\.zip$`));
      const layers: Json[] = props.Layers ?? [];
      const unzipped = sum(filesUnder(path.join(lambda, fn))) + (layers.length ? sum(layer) : 0);
      expect(unzipped, fn).toBeLessThanOrEqual(LAMBDA_UNZIPPED_LIMIT);
    }
  });

  it('puts Chromium in a layer at /opt/chromium/bin, attached to the capturing functions only', () => {
    // The layer holds @sparticuz/chromium's brotli files and nothing else.
    expect([...filesUnder(opt).keys()].sort()).toEqual(CHROMIUM_FILES.map((f) => `chromium/bin/${f}`).sort());
    const [[layerId, layer] = []] = ofType(template, 'AWS::Lambda::LayerVersion');
    expect(layerId).toBe('ChromiumLambdaLayer');
    expect(layer!.Properties.CompatibleRuntimes).toEqual(['nodejs22.x']);
    expect(layer!.Properties.Content.S3Key).toMatch(/\/chromium\.zip$/);
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) {
      const props = template.Resources[logicalId(fn)]!.Properties;
      expect(layer!.Properties.CompatibleArchitectures, fn).toEqual(props.Architectures);
      if (CAPTURING.includes(fn)) {
        expect(props.Layers, fn).toEqual([{ Ref: 'ChromiumLambdaLayer' }]);
        expect(props.Environment.Variables.FRAMESHOT_CHROMIUM_BIN_DIR, fn).toBe('/opt/chromium/bin');
      } else {
        expect(props.Layers, fn).toBeUndefined();
        expect(props.Environment.Variables.FRAMESHOT_CHROMIUM_BIN_DIR, fn).toBeUndefined();
      }
    }
  });

  it("ships each function only what its bundle loads: sharp for Lambda's CPU, Chromium's JS without bin/", async () => {
    const meta = await bundleLambda(
      Object.values(FUNCTIONS).map((b) => `functions/${b}.ts`),
      path.join(out, 'meta'),
      { write: false },
    );
    const sharp = [...dependencyClosure('sharp')].filter((p) => !p.startsWith('@img/sharp-'));
    // On Node, tar-fs and its streams resolve the built-in fs/path/events: the bare-* packages
    // serve the Bare runtime only.
    const chromiumJs = [...dependencyClosure('@sparticuz/chromium')].filter((p) => !p.startsWith('bare-'));
    const cpu = { x86_64: 'x64', arm64: 'arm64' }[
      template.Resources.ApiLambdaFunction!.Properties.Architectures[0] as string
    ]!;
    const sharpBinaries = [`@img/sharp-linux-${cpu}`, `@img/sharp-libvips-linux-${cpu}`];

    for (const [fn, bundle] of Object.entries(FUNCTIONS) as [FunctionName, string][]) {
      const files = [...filesUnder(path.join(lambda, fn)).keys()];
      const packages = packagesIn(files);
      const { atLoad } = externalImports(meta, `functions/${bundle}.ts`);
      // Chromium launches only in a capture, so no bundle may need it to load.
      expect(atLoad, fn).not.toContain('@sparticuz/chromium');
      expect(files, fn).toContain(`dist/functions/${bundle}.mjs`);
      expect(
        files.filter((f) => f.startsWith('dist/')),
        fn,
      ).toEqual([`dist/functions/${bundle}.mjs`]);
      expect(
        files.filter((f) => f.endsWith('.map')),
        fn,
      ).toEqual([]);

      const needsSharp = CAPTURING.includes(fn) || atLoad.includes('sharp');
      const expected = [
        ...(needsSharp ? [...sharp, ...sharpBinaries] : []),
        ...(CAPTURING.includes(fn) ? [...chromiumJs, '@duckduckgo/autoconsent'] : []),
      ];
      expect([...packages].sort(), fn).toEqual([...new Set(expected)].sort());
      // The capturing functions read assets/; the others only need it to exist (serverless.yml).
      const assets = files.filter((f) => f.startsWith('assets/'));
      if (CAPTURING.includes(fn)) expect(assets.length, fn).toBeGreaterThan(20);
      else expect(assets, fn).toEqual(['assets/fonts/README.md']);
      // Never @sparticuz/chromium's bin/ (the layer has it), never another platform's binary.
      expect(
        files.filter((f) => f.startsWith('node_modules/@sparticuz/chromium/bin/')),
        fn,
      ).toEqual([]);
      expect([...packages].filter((p) => p.startsWith('@img/sharp-')).sort(), fn).toEqual(
        needsSharp ? [...sharpBinaries].sort() : [],
      );
    }
    // renewal loads neither: its package is its bundle.
    expect([...filesUnder(path.join(lambda, 'renewal')).keys()].sort()).toEqual([
      'assets/fonts/README.md',
      'dist/functions/renewal.mjs',
    ]);
  });

  it('sizes the capturing functions for Chromium and the others small', () => {
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) {
      const props = template.Resources[logicalId(fn)]!.Properties;
      if (CAPTURING.includes(fn)) {
        expect(props.MemorySize, fn).toBeGreaterThanOrEqual(1769); // a full vCPU
        expect(props.EphemeralStorage?.Size, fn).toBeGreaterThanOrEqual(1024);
      } else {
        expect(props.MemorySize, fn).toBe(256);
        expect(props.EphemeralStorage, fn).toBeUndefined();
      }
    }
  });

  it('ships source maps and turns them on only with the sourceMaps param', async () => {
    expect(template.Conditions.SourceMapsOn).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(customTemplate.Conditions.SourceMapsOn).toEqual({ 'Fn::Equals': ['true', 'true'] });
    for (const t of [template, customTemplate]) {
      for (const [name, fn] of ofType(t, 'AWS::Lambda::Function')) {
        expect(fn.Properties.Environment.Variables.NODE_OPTIONS, name).toEqual({
          'Fn::If': ['SourceMapsOn', '--enable-source-maps', { Ref: 'AWS::NoValue' }],
        });
      }
    }
    const withMaps = path.join(out, 'custom-webhooks');
    await extract(path.join(custom, 'webhooks.zip'), { dir: withMaps });
    expect([...filesUnder(withMaps).keys()].filter((f) => f.startsWith('dist/')).sort()).toEqual([
      'dist/functions/webhooks.mjs',
      'dist/functions/webhooks.mjs.map',
    ]);
  });

  it('deploys bundles that load from their own packages, and the api finds every file and the layer', async () => {
    // The probe is bundled exactly as the functions are and dropped beside the api's bundle.
    await bundleLambda(['test/infra/fixtures/bundle-probe.ts'], path.join(lambda, 'api', 'dist/functions'));

    const runIn = async (fn: FunctionName) => {
      // A fresh /tmp per sandbox, as Lambda gives.
      const tmp = mkdtempSync(path.join(out, `tmp-${fn}-`));
      const { stdout } = await run(process.execPath, [path.resolve('test/infra/fixtures/run-bundles.mjs')], {
        cwd: path.join(lambda, fn),
        env: {
          PATH: process.env.PATH,
          TMPDIR: tmp,
          FRAMESHOT_RENDER_SECRET: 'x'.repeat(32),
          FRAMESHOT_LOG_LEVEL: 'SILENT',
          PROBE_MULTISCRIPT: path.resolve('test/fixtures/pages/multiscript.html'),
          ...(template.Resources[logicalId(fn)]!.Properties.Environment.Variables.FRAMESHOT_CHROMIUM_BIN_DIR
            ? { FRAMESHOT_CHROMIUM_BIN_DIR: path.join(opt, 'chromium/bin') }
            : {}),
        },
        timeout: 90_000,
      });
      return JSON.parse(stdout.trim().split('\n').at(-1)!);
    };
    const results = Object.fromEntries(
      await Promise.all((Object.keys(FUNCTIONS) as FunctionName[]).map(async (fn) => [fn, await runIn(fn)])),
    );
    for (const [fn, bundle] of Object.entries(FUNCTIONS)) {
      expect(results[fn].handlers, fn).toEqual({ [`${bundle}.mjs`]: 'function' });
    }

    const api = results.api;
    expect(api.health).toMatchObject({ status: 200, head: '{"status":"ok"}' });
    expect(api.scalar.status).toBe(200);
    expect(api.scalar.bytes).toBeGreaterThan(100_000);
    const { probe } = api;
    expect(probe.assets).toBe(path.join(lambda, 'api', 'assets'));
    expect(probe.consentScriptBytes).toBeGreaterThan(10_000);
    expect(probe.consentRules).toBeGreaterThan(0);
    expect(probe.adBlocked).toBe(true);
    expect(probe.fontsMissing).toEqual([]);

    // The packaged @sparticuz/chromium inflates the layer's files into the sandbox's /tmp, and
    // the binary renders (sharp, from the package, reads the screenshot).
    const tmp = path.dirname(probe.chromium.executablePath);
    expect(probe.chromium.executablePath).toBe(path.join(tmp, 'chromium'));
    expect(path.basename(tmp)).toMatch(/^tmp-api-/);
    expect(probe.chromium.screenshot).toEqual({ format: 'png', width: 320, height: 120 });
    // /tmp holds the unpacked Chromium with room to spare (serverless.yml: ephemeralStorageSize).
    const ephemeralMb = template.Resources.ApiLambdaFunction!.Properties.EphemeralStorage.Size;
    expect(probe.chromium.unpackedBytes * 2).toBeLessThan(ephemeralMb * 1024 * 1024);
    // And lib/capture/chromium.ts resolves that binary, from the layer the function's
    // FRAMESHOT_CHROMIUM_BIN_DIR names, not from the package (which has no bin/).
    expect(probe.chromium.resolved).toEqual({ source: 'sparticuz', path: probe.chromium.executablePath });

    // Launched as the pool launches it, Chromium draws every script of the multi-script page with
    // the fonts packaged in the function (assets/fonts), never a machine font, and no glyph is the
    // tofu box of a character no font has.
    const { fonts, fromTofu } = probe.chromium.multiscript;
    for (const [id, family] of Object.entries(PACKAGED_FONT_OF)) {
      expect(fonts[id], id).toContain(family);
      for (const used of fonts[id]) expect([...Object.values(PACKAGED_FONT_OF), 'Inter'], id).toContain(used);
    }
    for (const id of ['emoji', 'japanese', 'korean', 'arabic', 'hebrew', 'thai', 'hindi']) {
      expect(fromTofu[id], id).toBeGreaterThan(40);
    }
  }, 180_000);
});
