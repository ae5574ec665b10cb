/**
 * A project's own bucket (§14): every render of a project with `storage` is also written to that
 * S3-compatible bucket — here a second bucket of the local S3 emulator, reached through its
 * endpoint like any customer's store — with the outcome in the answer's `storage`. A failed write
 * never fails the render or its charge; the secret is write-only and sealed at rest.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { guardedLookup } from '../../lib/captures/storage.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { getJob } from '../../lib/store/jobs.ts';
import { privateQueues } from '../faults/services.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

const BUCKET = 'customer-renders';
const PAGE = '<!doctype html><body style="margin:0;background:#f97316"><h1>My bucket</h1></body>';
const raw = (extra: Record<string, unknown>) => ({
  html: PAGE,
  viewport: { width: 320, height: 200 },
  capture_dpr: 1,
  ...extra,
});

let deps: Deps;
let app: TestApp;
let workers: { stop(): Promise<void> };
let endpoint: string;
/** The emulator as the customer sees it: it accepts only its own key pair. */
let customer: S3Client;

beforeAll(async () => {
  // Queues of its own, so other files' workers never take this file's jobs.
  deps = captureDeps(await privateQueues(`storage-${process.pid}`));
  app = buildApp(deps);
  workers = startLocalWorkers(deps, { waitSeconds: 1 });
  endpoint = deps.config.endpoints.s3!;
  customer = deps.aws.s3;
  await customer.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => {});
});

afterAll(async () => {
  await workers.stop();
  await deps.browser.close();
});

const storage = (extra: Record<string, unknown> = {}) => ({
  endpoint,
  region: 'us-east-1',
  bucket: BUCKET,
  prefix: 'shots',
  access_key_id: 'S3RVER',
  secret_access_key: 'S3RVER',
  ...extra,
});

async function newProject(apiKey: string, settings: Record<string, unknown>, through = app) {
  return call(through, 'POST', '/v1/projects', { key: apiKey, body: { name: 'Bucket', storage: settings } });
}

async function object(key: string) {
  const out = await customer.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { type: out.ContentType, bytes: Buffer.from(await out.Body!.transformToByteArray()) };
}

async function missing(key: string): Promise<boolean> {
  try {
    await object(key);
    return false;
  } catch (err) {
    if (err instanceof S3ServiceException && err.name === 'NoSuchKey') return true;
    throw err;
  }
}

async function renderBytes(url: string): Promise<Buffer> {
  const { pathname, search } = new URL(url);
  const redirect = await app.request(pathname + search);
  return Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
}

/** The `path` of the 400's details, and its message. */
const refusal = (res: Awaited<ReturnType<typeof call>>) => ({
  status: res.status,
  paths: res.json.error.details.map((d: { path: string }) => d.path),
  message: res.json.error.message as string,
});

describe("a project's own bucket", () => {
  it('receives every render of the project, byte for byte, and a cache hit reports it too', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const { json: project } = await newProject(apiKey, storage());
    expect(project.storage).toEqual({
      endpoint,
      region: 'us-east-1',
      bucket: BUCKET,
      prefix: 'shots/',
      access_key_id: 'S3RVER',
      secret_access_key_set: true,
    });

    const res = await call(app, 'POST', '/v1/raw', { key: apiKey, body: raw({ project_id: project.id }) });
    expect(res.status).toBe(201);
    const key = `shots/${res.json.id}.png`;
    expect(res.json.storage).toEqual({
      bucket: BUCKET,
      key,
      url: `${endpoint}/${BUCKET}/${key}`,
      status: 'stored',
    });
    const stored = await object(key);
    expect(stored.type).toBe('image/png');
    expect(stored.bytes.equals(await renderBytes(res.json.url))).toBe(true);

    // A cache hit finds the object there; removed meanwhile, it is written again from our copy.
    const hit = await call(app, 'POST', '/v1/raw', { key: apiKey, body: raw({ project_id: project.id }) });
    expect(hit.json).toMatchObject({ cached: true, id: res.json.id, storage: { key, status: 'stored' } });
    await customer.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    const again = await call(app, 'POST', '/v1/raw', { key: apiKey, body: raw({ project_id: project.id }) });
    expect(again.json).toMatchObject({ cached: true, storage: { key, status: 'stored' } });
    expect((await object(key)).bytes.equals(stored.bytes)).toBe(true);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(9);
  });

  it('reports wrong credentials or a missing bucket, and still answers and charges the render', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const { json: project } = await newProject(apiKey, storage({ access_key_id: 'AKIAWRONG' }));
    const capture = async () => {
      const res = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: raw({ project_id: project.id, fresh: true }),
      });
      expect(res.status).toBe(201);
      return res.json;
    };
    const patch = (settings: Record<string, unknown>) =>
      call(app, 'PATCH', `/v1/projects/${project.id}`, { key: apiKey, body: { storage: settings } });

    const wrongKey = await capture();
    expect(wrongKey.storage).toEqual({
      bucket: BUCKET,
      key: `shots/${wrongKey.id}.png`,
      url: `${endpoint}/${BUCKET}/shots/${wrongKey.id}.png`,
      status: 'failed',
      message:
        'The bucket answered 403 InvalidAccessKeyId: check storage.access_key_id and storage.secret_access_key',
    });
    expect(await missing(wrongKey.storage.key)).toBe(true);

    await patch(storage({ bucket: 'no-such-bucket' }));
    expect((await capture()).storage).toMatchObject({
      status: 'failed',
      message:
        'The bucket answered 404 NoSuchBucket: check storage.bucket (and storage.region or storage.endpoint)',
    });

    await patch(storage({ endpoint: 'http://127.0.0.1:1' }));
    expect((await capture()).storage).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(
        /^The bucket's endpoint http:\/\/127\.0\.0\.1:1 could not be reached \(ECONNREFUSED\): check storage\.endpoint/,
      ),
    });

    // The key id stays the same, so the stored secret may be left out.
    await patch({ ...storage({ prefix: '/fixed//now/' }), secret_access_key: undefined });
    const fixed = await capture();
    expect(fixed.storage).toMatchObject({ key: `fixed/now/${fixed.id}.png`, status: 'stored' });
    expect(await missing(fixed.storage.key)).toBe(false);

    const { balance, ledgerSum } = await balanceAndLedger(deps, accountId);
    expect(balance).toBe(6);
    expect(ledgerSum).toBe(6);
  });

  it('runs in async jobs too: the job result reports the write', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10 });
    const { json: project } = await newProject(apiKey, storage({ prefix: 'jobs/' }));
    const accepted = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: raw({ project_id: project.id, async: true, fresh: true }),
    });
    expect(accepted.status).toBe(202);
    let job = (await getJob(deps.table, accepted.json.job_id))!;
    for (let i = 0; i < 300 && job.status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await getJob(deps.table, job.id))!;
    }
    expect(job).toMatchObject({ status: 'completed', error: null });
    const key = `jobs/${job.result!.id}.png`;
    expect(job.result!.storage).toEqual({
      bucket: BUCKET,
      key,
      url: `${endpoint}/${BUCKET}/${key}`,
      status: 'stored',
    });
    expect((await object(key)).bytes.equals(await renderBytes(job.result!.url))).toBe(true);
  });
});

describe('project storage settings', () => {
  it('never show the secret, which the table holds sealed; storage: null removes them', async () => {
    const { apiKey } = await createTestAccount(deps);
    const secret = `sk-${randomBytes(16).toString('hex')}`;
    const created = await newProject(
      apiKey,
      storage({ secret_access_key: secret, acl: 'bucket-owner-full-control' }),
    );
    expect(created.status).toBe(201);
    const id = created.json.id;
    const shown = [
      created.json,
      (await call(app, 'GET', `/v1/projects/${id}`, { key: apiKey })).json,
      (await call(app, 'GET', '/v1/projects', { key: apiKey })).json,
      (await call(app, 'GET', `/v1/projects/${id}/signing-secret`, { key: apiKey })).json,
    ];
    for (const body of shown) expect(JSON.stringify(body)).not.toContain(secret);
    expect(shown[1].storage).toMatchObject({ acl: 'bucket-owner-full-control', secret_access_key_set: true });

    const item = async () =>
      (
        await deps.aws.db.send(
          new GetCommand({ TableName: deps.table.name, Key: { pk: `PRJ#${id}`, sk: 'PROJECT' } }),
        )
      ).Item!;
    const stored = await item();
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.storage_secret).toEqual({ v: 1, dk: expect.any(String), ct: expect.any(String) });
    expect(stored.storage.secret_access_key).toBeUndefined();

    // Left out while the key id stays, the sealed secret stays; given, it is sealed anew.
    const patch = (settings: Record<string, unknown>) =>
      call(app, 'PATCH', `/v1/projects/${id}`, { key: apiKey, body: { storage: settings } });
    await patch({ ...storage({ prefix: 'other/' }), secret_access_key: undefined });
    expect((await item()).storage_secret).toEqual(stored.storage_secret);
    expect((await item()).storage.prefix).toBe('other/');
    await patch(storage({ secret_access_key: `${secret}-2` }));
    expect((await item()).storage_secret).not.toEqual(stored.storage_secret);

    const removed = await call(app, 'PATCH', `/v1/projects/${id}`, { key: apiKey, body: { storage: null } });
    expect(removed.status).toBe(200);
    expect(removed.json.storage).toBeUndefined();
    const after = await item();
    expect(after.storage).toBeUndefined();
    expect(after.storage_secret).toBeUndefined();
  });

  it('are refused with a 400 naming the field and the fix', async () => {
    const { apiKey } = await createTestAccount(deps);
    const refused = async (settings: Record<string, unknown>) => refusal(await newProject(apiKey, settings));
    expect(await refused(storage({ bucket: 'My_Bucket' }))).toMatchObject({
      status: 400,
      paths: ['storage.bucket'],
      message: expect.stringMatching(/^Invalid storage\.bucket\. A bucket name is 3–63 lower-case letters/),
    });
    expect((await refused(storage({ bucket: '10.0.0.1' }))).paths).toEqual(['storage.bucket']);
    expect(await refused(storage({ endpoint: undefined, region: 'auto' }))).toMatchObject({
      paths: ['storage.region'],
      message: expect.stringMatching(/AWS region/),
    });
    expect((await refused(storage({ endpoint: `${endpoint}/bucket` }))).paths).toEqual(['storage.endpoint']);
    expect((await refused(storage({ endpoint: 'ftp://files.example.com' }))).paths).toEqual([
      'storage.endpoint',
    ]);
    expect((await refused(storage({ prefix: 'a/../b' }))).paths).toEqual(['storage.prefix']);
    expect(await refused(storage({ acl: 'everyone' }))).toMatchObject({
      paths: ['storage.acl'],
      message: expect.stringMatching(/^Invalid storage\.acl\. Must be one of: private, public-read/),
    });
    expect((await refused({ ...storage(), secret_access_key: undefined })).paths).toEqual([
      'storage.secret_access_key',
    ]);

    const { json: project } = await newProject(apiKey, storage());
    const rekeyed = await call(app, 'PATCH', `/v1/projects/${project.id}`, {
      key: apiKey,
      body: { storage: { ...storage({ access_key_id: 'AKIANEW' }), secret_access_key: undefined } },
    });
    expect(refusal(rekeyed)).toMatchObject({
      status: 400,
      paths: ['storage.secret_access_key'],
      message: expect.stringMatching(/access_key_id changed/),
    });
  });
});

describe('a storage endpoint on a private address', () => {
  let strictApp: TestApp;
  beforeAll(() => {
    // The same stack and browser, as a deployment that keeps private targets out.
    strictApp = buildApp({ ...deps, config: { ...deps.config, allowPrivateTargets: false } });
  });

  it('is refused when the project is saved', async () => {
    const { apiKey } = await createTestAccount(deps);
    expect(refusal(await newProject(apiKey, storage(), strictApp))).toMatchObject({
      status: 400,
      paths: ['storage.endpoint'],
      message: expect.stringMatching(
        /^Invalid storage\.endpoint\. 127\.0\.0\.1 is a loopback address: storage\.endpoint must be a public address/,
      ),
    });
  });

  it('is refused again at write time; the render is answered and charged as usual', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const { json: project } = await newProject(apiKey, storage({ prefix: 'strict/' }));
    const res = await call(strictApp, 'POST', '/v1/raw', {
      key: apiKey,
      body: raw({ project_id: project.id, fresh: true }),
    });
    expect(res.status).toBe(201);
    expect(res.json.storage).toMatchObject({
      status: 'failed',
      message: '127.0.0.1 is a loopback address: storage.endpoint must be a public address',
    });
    expect(await missing(res.json.storage.key)).toBe(true);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(9);
  });
});

describe("the storage client's DNS lookup", () => {
  it('refuses a name whose answer turned private after the check (DNS rebinding)', async () => {
    const received: string[] = [];
    const listener = http.createServer((req, res) => {
      received.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const rebound = async () => [{ address: '127.0.0.1', family: 4 as const }];
    const agent = new http.Agent({ lookup: guardedLookup(false, rebound) });
    try {
      const port = (listener.address() as AddressInfo).port;
      const error = await new Promise<Error>((resolve) => {
        http
          .get(`http://bucket.example.com:${port}/key.png`, { agent }, () => resolve(new Error('connected')))
          .on('error', resolve);
      });
      expect(error).toMatchObject({ name: 'EgressError', kind: 'blocked' });
      expect(error.message).toBe('bucket.example.com resolves to 127.0.0.1, which is a loopback address');
      expect(received).toEqual([]);
    } finally {
      agent.destroy();
      listener.close();
    }
  });
});
