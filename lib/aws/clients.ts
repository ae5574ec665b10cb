/**
 * @module aws/clients
 * The AWS SDK clients — the only way Frameshot talks to DynamoDB, SQS and S3, on AWS and locally.
 * Endpoints come from config; against the local emulators the S3 client is path-style and sends no
 * streaming checksums (s3rver corrupts them, ARCHITECTURE.md).
 *
 * Every client keeps its connections open between calls (keep-alive agents of its own, on AWS and
 * against the emulators): a request on the hot path pays no TCP or TLS handshake, and S3 transfers
 * never queue behind DynamoDB calls for a socket.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';

export interface AwsClients {
  dynamo: DynamoDBClient;
  db: DynamoDBDocumentClient;
  sqs: SQSClient;
  s3: S3Client;
}

// s3rver accepts only its own default credentials; DynamoDB Local (shared db) and fauxqs accept any.
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Sockets per client: Lambda serves one request at a time; the local API many at once. */
const MAX_SOCKETS = 64;

/** The SDK's request-handler options (it builds its NodeHttpHandler from them): keep-alive agents. */
function keepAlive() {
  const agent = { keepAlive: true, maxSockets: MAX_SOCKETS };
  return { httpAgent: new HttpAgent(agent), httpsAgent: new HttpsAgent(agent) };
}

export function createClients(config: Config): AwsClients {
  const common = {
    region: config.region,
    maxAttempts: 2,
    ...(config.localEmulators ? { credentials: LOCAL_CREDENTIALS } : {}),
  };
  const dynamo = new DynamoDBClient({
    ...common,
    endpoint: config.endpoints.dynamodb,
    requestHandler: keepAlive(),
  });
  const db = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const sqs = new SQSClient({ ...common, endpoint: config.endpoints.sqs, requestHandler: keepAlive() });
  const s3 = new S3Client({
    ...common,
    endpoint: config.endpoints.s3,
    requestHandler: keepAlive(),
    ...(config.localEmulators
      ? {
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
  return { dynamo, db, sqs, s3 };
}

export function destroyClients(clients: AwsClients): void {
  clients.db.destroy();
  clients.dynamo.destroy();
  clients.sqs.destroy();
  clients.s3.destroy();
}
