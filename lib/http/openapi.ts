/**
 * @module http/openapi
 * The OpenAPI 3.0 document, generated from the same valibot schemas that validate requests.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type { RegisteredOperation } from './router.ts';

const jsonSchema = (schema: v.GenericSchema) =>
  toJsonSchema(schema, { target: 'openapi-3.0', errorMode: 'ignore', typeMode: 'input' });

const ERROR_ENVELOPE = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        reason: {
          type: 'string',
          description:
            'capture_failed: navigation_timeout, http_error, dns_error, connection_failed, selector_not_found, element_not_found (no element matches `element` confidently), target_blocked, render_failed',
        },
        details: {
          type: 'array',
          description:
            'invalid_params: each field and what is wrong with it. element_not_found: the best candidates for the description, best first, to switch to `selector`.',
          items: {
            type: 'object',
            properties: {
              path: { type: 'string' },
              message: { type: 'string' },
              selector: { type: 'string' },
              score: { type: 'number' },
              text_excerpt: { type: 'string' },
              box: {
                type: 'object',
                properties: {
                  x: { type: 'number' },
                  y: { type: 'number' },
                  width: { type: 'number' },
                  height: { type: 'number' },
                },
              },
            },
          },
        },
      },
    },
  },
};

interface ObjectJson {
  type?: string;
  properties?: Record<string, ObjectJson>;
  required?: string[];
}

/** Query parameters as GET takes them: nested objects flattened to dotted names (`output.format`). */
function queryParameters(schema: v.GenericSchema) {
  const flatten = (json: ObjectJson, prefix: string): Array<Record<string, unknown>> =>
    Object.entries(json.properties ?? {}).flatMap(([name, s]) =>
      s.type === 'object' && s.properties
        ? flatten(s, `${prefix}${name}.`)
        : [
            {
              name: prefix + name,
              in: 'query',
              required: !prefix && (json.required?.includes(name) ?? false),
              schema: s,
            },
          ],
    );
  return flatten(jsonSchema(schema) as ObjectJson, '');
}

function operation(op: RegisteredOperation) {
  const pathParams = [...op.fullPath.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema) } } } : {}),
    };
  }
  responses.default = {
    description: 'Error envelope',
    content: { 'application/json': { schema: ERROR_ENVELOPE } },
  };
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.scope
      ? { security: [{ bearer: [] }, { apiKeyQuery: [] }], 'x-scope': op.scope }
      : { security: [] }),
    parameters: [...pathParams, ...(op.query ? queryParameters(op.query) : [])],
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } }
      : {}),
    responses,
  };
}

export function openApiDocument(operations: RegisteredOperation[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.fullPath] ??= {};
    paths[op.fullPath]![op.method] = operation(op);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Frameshot API',
      version: '1',
      description:
        'Capture any web page in headless Chromium and compose it into a styled, device-framed image. Wire-compatible with the ScreenFramed API.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'sf_live_… or sf_test_…' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
      },
    },
    paths,
  };
}
