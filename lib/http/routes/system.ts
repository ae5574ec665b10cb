/**
 * @module http/routes/system
 * Liveness, readiness, the OpenAPI document and the interactive reference.
 */
import { readFile } from 'node:fs/promises';
import { Scalar } from '@scalar/hono-api-reference';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { assetPath } from '../../assets.ts';
import type { Deps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import { checkReadiness, type ReadinessProbe } from '../../health.ts';
import type { AppEnv } from '../env.ts';
import { envelope } from '../errors.ts';
import { named, openApiDocument } from '../openapi.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { count, flag, str } from '../views.ts';

const Health = named(
  'Health',
  v.object({ status: v.pipe(v.literal('ok'), v.description('Always ok: the process answers')) }),
);

const Check = v.pipe(
  v.object({
    ok: flag('Whether the service answered'),
    ms: count('How long the check took, ms'),
    error: v.optional(str('Why it failed')),
  }),
  v.description('One backing service’s check'),
);
const Readiness = named(
  'Readiness',
  v.object({
    status: v.pipe(v.literal('ready'), v.description('Every check passed')),
    checks: v.pipe(
      v.record(v.string(), Check),
      v.description('Each backing service (dynamodb, s3, sqs, browser, …) and its check'),
    ),
  }),
);

const CHECKS = {
  dynamodb: { ok: true, ms: 4 },
  s3: { ok: true, ms: 6 },
  sqs: { ok: true, ms: 3 },
  browser: { ok: true, ms: 41 },
};

/**
 * What the reference shows: everything works against this deployment, nothing calls Scalar's
 * cloud (no AI agent, MCP generator, "open in client" or developer tools), no web fonts from a CDN.
 */
export const REFERENCE_OPTIONS = {
  url: '/openapi.json',
  cdn: '/docs/scalar.js',
  pageTitle: 'Frameshot API reference',
  hideClientButton: true,
  showDeveloperTools: 'never',
  telemetry: false,
  withDefaultFonts: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  documentDownloadType: 'json',
  showOperationId: true,
  authentication: { preferredSecurityScheme: 'bearer' },
  defaultOpenAllTags: false,
  // The footer links to scalar.com; the reference is ours.
  customCss: '.darklight-reference a[href*="scalar.com"] { display: none; }',
} as const;

const OPERATIONS = {
  health: {
    operationId: 'getHealth',
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    description: 'Answers 200 as long as the process runs; checks nothing else.',
    responses: { 200: { description: 'Alive', schema: Health, example: { status: 'ok' } } },
  },
  ready: {
    operationId: 'getReadiness',
    method: 'get',
    path: '/ready',
    summary: 'Readiness: DynamoDB, S3, SQS and the browser',
    description:
      'Checks every backing service; 503 `unavailable` names the ones that failed, with every check in `checks`.',
    responses: {
      200: {
        description: 'Every check passed',
        schema: Readiness,
        example: { status: 'ready', checks: CHECKS },
      },
      503: {
        description: 'unavailable: a backing service did not answer; `checks` says which',
        codes: { unavailable: 'Not ready: sqs unreachable' },
      },
    },
  },
  openapi: {
    operationId: 'getOpenApiDocument',
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.0 document',
    description:
      'Generated from the valibot schemas that validate the requests: every route, its operationId, parameters, bodies, responses with examples, error codes and headers.',
    responses: {
      200: {
        description: 'The document',
        schema: v.pipe(v.record(v.string(), v.unknown()), v.description('An OpenAPI 3.0.3 document')),
        example: { openapi: '3.0.3', info: { title: 'Frameshot API', version: '1' }, paths: {} },
      },
    },
  },
  docs: {
    operationId: 'getDocs',
    method: 'get',
    path: '/docs',
    summary: 'The interactive API reference (HTML)',
    description: 'This document rendered by Scalar, served with its script from this deployment (no CDN).',
    responses: {
      200: {
        description: 'The reference page',
        media: 'text/html',
        example: '<!doctype html>…<div id="app"></div>…',
      },
    },
  },
  docsScript: {
    operationId: 'getDocsScript',
    method: 'get',
    path: '/docs/scalar.js',
    summary: 'The reference page’s script',
    description:
      'The Scalar API Reference bundle /docs loads, served locally so the reference works offline.',
    responses: {
      200: {
        description: 'The script',
        media: 'text/javascript',
        example: '(function(){…})()',
        headers: ['Cache-Control'],
      },
    },
  },
} satisfies Record<string, Operation>;

export function systemRoutes(deps: Deps, registry: Registry, probes: ReadinessProbe[]): Hono<AppEnv> {
  const router = createRouter({ registry, mount: '/', tag: 'System', account: [] });
  let scalarBundle: Promise<Buffer> | undefined;
  let document: unknown;

  router.on(OPERATIONS.health, (c) => c.json({ status: 'ok' }));

  router.on(OPERATIONS.ready, async (c) => {
    const { ready, checks } = await checkReadiness(deps, probes);
    if (ready) return c.json({ status: 'ready', checks });
    const failing = Object.keys(checks).filter((k) => !checks[k]!.ok);
    return envelope(
      c,
      new ApiError('unavailable', 503, `Not ready: ${failing.join(', ')} unreachable`, { checks }),
    );
  });

  router.on(OPERATIONS.openapi, (c) => {
    document ??= openApiDocument(registry.operations, deps.config.publicBaseUrl);
    return c.json(document);
  });

  router.on(OPERATIONS.docsScript, async (c) => {
    scalarBundle ??= readFile(assetPath('scalar', 'standalone.js'));
    const body = await scalarBundle;
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });

  router.on(OPERATIONS.docs, Scalar(REFERENCE_OPTIONS));

  return router.app;
}
