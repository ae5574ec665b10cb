/**
 * `GET /openapi.json` is a complete product: a valid OpenAPI 3.0 document that lists exactly the
 * routes the app serves, each with a stable operationId, examples, its error codes and headers,
 * named component schemas, and a description on every field.
 */
import { compileErrors, validate } from '@readme/openapi-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { call, testDeps } from '../helpers/stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is read freely.
type Json = Record<string, any>;

const app = buildApp(testDeps());
let doc: Json;

beforeAll(async () => {
  const res = await call(app, 'GET', '/openapi.json');
  expect(res.status).toBe(200);
  doc = res.json;
});

const METHODS = ['get', 'post', 'patch', 'delete', 'put', 'head'];

/** Every operation of the document as [key, operation], key = `GET /v1/renders/{id}`. */
function operations(): Array<[string, Json]> {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op as Json] as [string, Json]),
  );
}

/** Follows a `$ref` inside the document. */
function resolve(node: Json): Json {
  if (typeof node?.$ref !== 'string') return node;
  return node.$ref
    .slice(2)
    .split('/')
    .reduce((at: Json, key: string) => at[key], doc);
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.0 document', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings).toEqual([]);
  });

  it('documents every route the app serves, and nothing else', () => {
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS' && !r.path.endsWith('*'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = operations().map(([key]) => key);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...served].sort());
    for (const path of ['/r/{file}', '/health', '/ready', '/openapi.json', '/docs', '/device']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it('gives every operation a unique camelCase operationId, a summary and a description', () => {
    const ids = operations().map(([, op]) => op.operationId);
    for (const [key, op] of operations()) {
      expect(op.operationId, key).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(op.summary, key).toBeTruthy();
      expect(op.description, key).toBeTruthy();
    }
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = Object.fromEntries(operations().map(([key, op]) => [key, op.operationId]));
    expect(byRoute).toMatchObject({
      'POST /v1/capture': 'createCapture',
      'GET /v1/capture': 'getCapture',
      'POST /v1/raw': 'createRaw',
      'GET /v1/raw': 'getRaw',
      'GET /v1/jobs/{id}': 'getJob',
      'GET /v1/renders': 'listRenders',
      'GET /v1/renders/{id}': 'getRender',
      'DELETE /v1/renders/{id}': 'deleteRender',
      'GET /v1/usage': 'getUsage',
      'GET /v1/projects': 'listProjects',
    });
  });

  it('shows an example of every request body and of every JSON success response', () => {
    for (const [key, op] of operations()) {
      for (const [media, content] of Object.entries((op.requestBody?.content ?? {}) as Json)) {
        expect(content.example, `${key} request ${media}`).toBeDefined();
      }
      const successes = Object.entries(op.responses as Json).filter(([status]) => Number(status) < 400);
      expect(successes.length, key).toBeGreaterThan(0);
      for (const [status, response] of successes) {
        const json = resolve(response).content?.['application/json'];
        if (json) expect(json.example, `${key} ${status}`).toBeDefined();
      }
    }
  });

  it('names its schemas and refers to them', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(
      expect.arrayContaining([
        'CaptureRequest',
        'CaptureResponse',
        'AcceptedJob',
        'Job',
        'Render',
        'RenderList',
        'ErrorEnvelope',
        'Usage',
        'Project',
        'AuthProfile',
        'Background',
        'BackgroundList',
      ]),
    );
    const capture = doc.paths['/v1/capture'].post;
    expect(capture.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CaptureRequest',
    });
    expect(capture.responses['201'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CaptureResponse',
    );
    expect(capture.responses['202'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/AcceptedJob',
    );
    expect(doc.components.schemas.Job.properties.result.allOf).toEqual([
      { $ref: '#/components/schemas/CaptureResponse' },
    ]);
  });

  it('lists the error codes each route can answer, in the one envelope', () => {
    const capture = doc.paths['/v1/capture'].post.responses;
    expect(Object.keys(capture)).toEqual(
      expect.arrayContaining(['400', '401', '402', '403', '409', '413', '422', '429', '503']),
    );
    const codesOf = (response: Json) =>
      Object.values(resolve(response).content['application/json'].examples as Json).map(
        (e: Json) => e.value.error.code,
      );
    expect(codesOf(capture['402'])).toEqual(['insufficient_credits']);
    expect(codesOf(capture['422'])).toEqual(['capture_failed']);
    expect(codesOf(capture['409'])).toEqual(['idempotency_conflict']);
    expect(codesOf(doc.paths['/v1/device/token'].post.responses['400'])).toEqual(
      expect.arrayContaining(['authorization_pending', 'slow_down', 'expired_token']),
    );
    for (const [key, op] of operations()) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (Number(status) < 400) continue;
        const content = resolve(response).content;
        if (!content?.['application/json']) continue;
        expect(content['application/json'].schema, `${key} ${status}`).toEqual({
          $ref: '#/components/schemas/ErrorEnvelope',
        });
      }
    }
  });

  it('documents the headers: Idempotency-Key, X-Request-Id, RateLimit-*, Retry-After, Location', () => {
    const capture = doc.paths['/v1/capture'].post;
    expect(capture.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(doc.paths['/v1/capture'].parameters).toContainEqual({ $ref: '#/components/parameters/RequestId' });
    expect(Object.keys(capture.responses['201'].headers)).toEqual(
      expect.arrayContaining(['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
    );
    expect(capture.responses['202'].headers.Location).toBeDefined();
    expect(resolve(capture.responses['429']).headers['Retry-After']).toBeDefined();
    expect(resolve(capture.responses['503']).headers['Retry-After']).toBeDefined();
    expect(doc.paths['/v1/capture'].get.responses['302'].headers.Location).toBeDefined();
    expect(doc.paths['/r/{file}'].get.responses['302'].headers['Cache-Control']).toBeDefined();
    const thumbnail = doc.paths['/v1/backgrounds/{pack}/{slug}/thumbnail.webp'].get.responses;
    expect(thumbnail['200'].headers.ETag).toBeDefined();
    expect(doc.paths['/v1/jobs/{id}'].get.responses['200'].headers['Retry-After']).toBeDefined();
  });

  it('names the credentials: bearer, api_key, signed capture URLs and render links', () => {
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(['bearer', 'apiKeyQuery', 'signedUrl', 'renderLink']),
    );
    expect(doc.paths['/v1/capture'].get.security).toContainEqual({ signedUrl: [] });
    expect(doc.paths['/v1/capture'].post.security).not.toContainEqual({ signedUrl: [] });
    expect(doc.paths['/r/{file}'].get.security).toEqual([{ renderLink: [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
  });

  it('describes every field of every schema', () => {
    const missing: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          visit(n, `${at}[${i}]`);
        });
        return;
      }
      if (!node || typeof node !== 'object') return;
      const schema = node as Json;
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) {
        if (!described(property)) missing.push(`${at}.${name}`);
      }
      for (const [key, child] of Object.entries(schema)) visit(child, `${at}.${key}`);
    };
    visit(doc.components.schemas, 'components.schemas');
    visit(doc.paths, 'paths');
    for (const [key, op] of operations()) {
      for (const p of (op.parameters ?? []) as Json[]) {
        if (!resolve(p).description) missing.push(`${key} parameter ${p.name}`);
      }
    }
    expect(missing, `${missing.length} fields without a description`).toEqual([]);
  });
});

/** A property is described by its own description or by the component it refers to. */
function described(property: Json): boolean {
  if (property.description) return true;
  const target = property.$ref ?? property.allOf?.[0]?.$ref;
  return typeof target === 'string' && Boolean(resolve({ $ref: target }).description);
}
