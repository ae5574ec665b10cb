/**
 * @module local/stack
 * The embedded default's backing services in one process: DynamoDB Local, fauxqs (SQS) and
 * s3rver (S3 on disk). Returns the environment that points `loadConfig` at them, so the app,
 * the worker and the admin CLI reach them through the real AWS SDK exactly as on AWS.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp as buildFauxqs } from 'fauxqs';
import S3rver from 's3rver';
import { provision } from '../../infra/provision.ts';
import { createClients, destroyClients } from '../aws/clients.ts';
import { loadConfig } from '../config.ts';
import { startDynamoLocal } from './dynamodb.ts';
import { portOrFree, StackError } from './ports.ts';

export interface LocalStack {
  /** Environment variables for `loadConfig` (endpoints, queue URLs, secrets). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Where state persists; absent = everything in memory / temp (tests). */
  dataDir?: string;
  /** Preferred first port; the three services take the next free ones. */
  basePort?: number;
  /** Extra environment (PORT, FRAMESHOT_* …) merged under the generated one. */
  env?: Record<string, string | undefined>;
}

interface Secrets {
  renderSecret: string;
  encryptionKey: string;
}

/** Secrets are generated once per data dir and kept there, so restarts keep render URLs valid. */
function loadOrCreateSecrets(dataDir: string | undefined): Secrets {
  const fresh = (): Secrets => ({
    renderSecret: randomBytes(32).toString('base64url'),
    encryptionKey: randomBytes(32).toString('base64'),
  });
  if (!dataDir) return fresh();
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
    } catch {
      throw new StackError(
        `${file} is unreadable. Move the data folder aside (mv ${dataDir} ${dataDir}.bak) and start again.`,
      );
    }
  }
  const secrets = fresh();
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startLocalStack(options: StackOptions = {}): Promise<LocalStack> {
  const { dataDir } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const secrets = loadOrCreateSecrets(dataDir);
  const base = options.basePort ?? 0;
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamoLocal({
      port: await portOrFree(base && base + 1),
      dir: dataDir && path.join(dataDir, 'dynamodb'),
    });
    stops.push(() => dynamo.stop());

    // fauxqs' startFauxqs binds 0.0.0.0 whatever `host` says; its app listens where it is told.
    const sqs = buildFauxqs({ logger: false, host: '127.0.0.1' });
    const sqsAddress = await sqs.listen({ port: await portOrFree(base && base + 2), host: '127.0.0.1' });
    stops.push(() => sqs.close());

    const s3Dir = dataDir
      ? path.join(dataDir, 's3')
      : path.join(mkdtempSync(path.join(os.tmpdir(), 'frameshot-s3-')), 's3');
    mkdirSync(s3Dir, { recursive: true });
    const s3server = new S3rver({
      port: await portOrFree(base && base + 3),
      address: '127.0.0.1',
      directory: s3Dir,
      silent: true,
    });
    const s3address = await s3server.run();
    stops.push(() => s3server.close());

    const env: Record<string, string> = {
      ...definedOnly(options.env ?? {}),
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsAddress,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3address.port}`,
      FRAMESHOT_RENDER_SECRET: options.env?.FRAMESHOT_RENDER_SECRET ?? secrets.renderSecret,
      FRAMESHOT_ENCRYPTION_KEY: options.env?.FRAMESHOT_ENCRYPTION_KEY ?? secrets.encryptionKey,
    };
    const config = loadConfig(env);
    const clients = createClients(config);
    try {
      const queues = await provision(clients, config);
      env.FRAMESHOT_QUEUE_URL = queues.captures;
      env.FRAMESHOT_DLQ_URL = queues.dlq;
      env.FRAMESHOT_WEBHOOK_QUEUE_URL = queues.webhooks;
    } finally {
      destroyClients(clients);
    }
    return { env, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
