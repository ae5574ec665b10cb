/**
 * Backing services a fault test may stop and start again without touching the emulators every
 * other test file shares: a private DynamoDB Local (its data on disk, so it survives a restart),
 * a private s3rver, private queues in the shared fauxqs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { createBucket, createQueues, createTable } from '../../infra/provision.ts';
import { createClients, destroyClients } from '../../lib/aws/clients.ts';
import { loadConfig } from '../../lib/config.ts';
import { startDynamoLocal } from '../../lib/local/dynamodb.ts';
import { freePort } from '../../lib/local/ports.ts';
import { testEnv } from '../helpers/stack.ts';

export interface Service {
  /** The endpoint, stable across restarts. */
  endpoint: string;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  dispose(): Promise<void>;
}

/** A DynamoDB Local of its own, with the table provisioned. */
export async function privateDynamo(): Promise<Service> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frameshot-faults-ddb-'));
  const port = await freePort();
  let running: { stop(): Promise<void> } | undefined;
  const service: Service = {
    endpoint: `http://127.0.0.1:${port}`,
    async start() {
      running = await startDynamoLocal({ port, dir });
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async dispose() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  const clients = createClients(loadConfig(testEnv({ AWS_ENDPOINT_URL_DYNAMODB: service.endpoint })));
  try {
    await createTable(clients, loadConfig(testEnv()).table);
  } finally {
    destroyClients(clients);
  }
  return service;
}

/** An s3rver of its own, with the renders bucket. */
export async function privateS3(): Promise<Service> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frameshot-faults-s3-'));
  const port = await freePort();
  let running: S3rver | undefined;
  const service: Service = {
    endpoint: `http://127.0.0.1:${port}`,
    async start() {
      running = new S3rver({ port, address: '127.0.0.1', directory: dir, silent: true });
      await running.run();
    },
    async stop() {
      await running?.close();
      running = undefined;
    },
    async dispose() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  const config = loadConfig(testEnv({ AWS_ENDPOINT_URL_S3: service.endpoint }));
  const clients = createClients(config);
  try {
    await createBucket(clients.s3, config.bucket);
  } finally {
    destroyClients(clients);
  }
  return service;
}

/** Capture, dead-letter and webhook queues of their own (named after `prefix`) in the shared SQS. */
export async function privateQueues(prefix: string): Promise<Record<string, string>> {
  const names = {
    FRAMESHOT_QUEUE_NAME: `${prefix}-captures`,
    FRAMESHOT_DLQ_NAME: `${prefix}-captures-dlq`,
    FRAMESHOT_WEBHOOK_QUEUE_NAME: `${prefix}-webhooks`,
  };
  const config = loadConfig(testEnv(names));
  const clients = createClients(config);
  try {
    const urls = await createQueues(clients.sqs, config.queues);
    return {
      ...names,
      FRAMESHOT_QUEUE_URL: urls.captures,
      FRAMESHOT_DLQ_URL: urls.dlq,
      FRAMESHOT_WEBHOOK_QUEUE_URL: urls.webhooks,
    };
  } finally {
    destroyClients(clients);
  }
}

/** Resolves once `check` is true (polled every 25 ms), or rejects after `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms = 30_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
