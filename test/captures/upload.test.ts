/**
 * `upload_url` (§14): the render is also PUT to the caller's presigned URL — here a presigned PUT
 * of the local S3 emulator standing in for the customer's bucket — with the outcome in `upload`;
 * a refused or failing upload never fails the render or its charge.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

const CUSTOMER_BUCKET = 'customer-uploads';
const PAGE = '<!doctype html><body style="margin:0;background:#0ea5e9"><h1>Upload me</h1></body>';
const body = (extra: Record<string, unknown>) => ({
  html: PAGE,
  viewport: { width: 320, height: 200 },
  capture_dpr: 1,
  ...extra,
});

async function renderBytes(app: TestApp, url: string): Promise<Buffer> {
  const { pathname, search } = new URL(url);
  const redirect = await app.request(pathname + search);
  return Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
}

describe('upload_url to the customer bucket', () => {
  let deps: Deps;
  let app: TestApp;

  beforeAll(async () => {
    deps = captureDeps();
    app = buildApp(deps);
    await deps.aws.s3.send(new CreateBucketCommand({ Bucket: CUSTOMER_BUCKET })).catch(() => {});
  });
  afterAll(() => deps.browser.close());

  const presignedPut = (key: string) =>
    getSignedUrl(deps.aws.s3, new PutObjectCommand({ Bucket: CUSTOMER_BUCKET, Key: key }), {
      expiresIn: 600,
    });

  const object = async (key: string) => {
    const out = await deps.aws.s3.send(new GetObjectCommand({ Bucket: CUSTOMER_BUCKET, Key: key }));
    return { type: out.ContentType, bytes: Buffer.from(await out.Body!.transformToByteArray()) };
  };

  it('PUTs the stored render there, byte for byte, and again for a cache hit', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const key = `shots/${accountId}.png`;
    const res = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: body({ upload_url: await presignedPut(key) }),
    });
    expect(res.status).toBe(201);
    expect(res.json.upload).toEqual({ status: 'uploaded', http_status: 200 });
    const uploaded = await object(key);
    expect(uploaded.type).toBe('image/png');
    expect(uploaded.bytes.equals(await renderBytes(app, res.json.url))).toBe(true);

    const second = `shots/${accountId}-again.png`;
    const hit = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: body({ upload_url: await presignedPut(second) }),
    });
    expect(hit.json).toMatchObject({ cached: true, upload: { status: 'uploaded' } });
    expect((await object(second)).bytes.equals(uploaded.bytes)).toBe(true);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(9);
  });

  it('reports a URL that refuses the upload, and still answers and charges the render', async () => {
    const refusing = http.createServer((_req, res) => res.writeHead(403).end('<Error>Expired</Error>'));
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    try {
      const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
      const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/put?X-Amz-Signature=x`;
      const res = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: body({ upload_url: url, fresh: true }),
      });
      expect(res.status).toBe(201);
      expect(res.json.upload).toMatchObject({
        status: 'failed',
        http_status: 403,
        message: expect.stringMatching(/presigned/),
      });
      expect((await balanceAndLedger(deps, accountId)).balance).toBe(9);
    } finally {
      refusing.close();
    }
  });
});

describe('upload_url to a private address', () => {
  let deps: Deps;
  let app: TestApp;
  beforeAll(() => {
    deps = captureDeps({ FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'false' });
    app = buildApp(deps);
  });
  afterAll(() => deps.browser.close());

  it('is refused by the target rules; the render is answered and charged as usual', async () => {
    const received: string[] = [];
    const listener = http.createServer((req, res) => {
      received.push(req.method ?? '');
      res.end();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    try {
      const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
      const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/bucket/key.png`;
      const res = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: body({ upload_url: url, fresh: true }),
      });
      expect(res.status).toBe(201);
      expect(res.json.upload).toMatchObject({
        status: 'failed',
        message: expect.stringMatching(/public address/),
      });
      expect(received).toEqual([]);
      expect((await balanceAndLedger(deps, accountId)).balance).toBe(9);
    } finally {
      listener.close();
    }
  });
});
