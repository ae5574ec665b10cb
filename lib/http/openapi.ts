/**
 * @module http/openapi
 * The OpenAPI 3.0 document, generated from the same valibot schemas that validate requests.
 * Schemas given a name with `named()` become components.schemas and are `$ref`ed wherever they
 * appear; the error statuses of an operation come from its shape (openapi-errors) plus the codes
 * its route declares.
 */
import { type ConversionConfig, toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type { ErrorCode } from '../errors.ts';
import {
  HEADERS,
  PARAMETERS,
  PATH_PARAMETERS,
  RATE_LIMIT_HEADERS,
  RENDER_LINK_PARAMETERS,
  SECURITY_SCHEMES,
  SIGNED_PARAMETERS,
  TAGS,
} from './openapi-components.ts';
import { ERROR_EXAMPLES, ErrorEnvelope, impliedErrors, SHARED_RESPONSES } from './openapi-errors.ts';
import type { RegisteredOperation, Reply } from './router.ts';

const NAMES = new Map<v.GenericSchema, string>();
const ABOUT = new Map<string, string>();

/**
 * Names a schema for the document: it is shown once in components.schemas and `$ref`ed wherever
 * it appears. `about` describes the component when the schema itself carries no description.
 */
export function named<S extends v.GenericSchema>(name: string, schema: S, about?: string): S {
  const taken = [...NAMES].find(([s, n]) => n === name && s !== schema);
  if (taken) throw new Error(`Two schemas are named ${name} in the OpenAPI document`);
  NAMES.set(schema, name);
  if (about) ABOUT.set(name, about);
  return schema;
}
named('ErrorEnvelope', ErrorEnvelope);

type Json = Record<string, unknown>;

const definitions = () => Object.fromEntries([...NAMES].map(([schema, name]) => [name, schema]));

/**
 * Fits JSON Schema to OpenAPI 3.0: no `$defs`, no empty `required`, and a `$ref` with siblings (a
 * description, `nullable`) wrapped in `allOf`, since 3.0 ignores them beside a `$ref`.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const { $defs: _defs, ...rest } = node as Json;
  // OpenAPI 3.0 wants `required` non-empty or absent.
  if (Array.isArray(rest.required) && rest.required.length === 0) delete rest.required;
  const out = Object.fromEntries(Object.entries(rest).map(([k, val]) => [k, tidy(val)]));
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...siblings } = out;
    return { allOf: [{ $ref }], ...siblings };
  }
  return out;
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const CONVERSION: ConversionConfig = {
  target: 'openapi-3.0',
  errorMode: 'ignore',
  typeMode: 'input',
  overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
};

/** Inline JSON Schema; named schemas inside it (and itself, when named) become `$ref`s unless `withRefs` is false. */
function jsonSchema(schema: v.GenericSchema, withRefs = true): Json {
  return tidy(
    toJsonSchema(schema, { ...CONVERSION, ...(withRefs ? { definitions: definitions() } : {}) }),
  ) as Json;
}

interface ObjectJson {
  type?: string;
  description?: string;
  properties?: Record<string, ObjectJson>;
  required?: string[];
}

/** Query parameters as GET takes them: nested objects flattened to dotted names (`output.format`). */
function queryParameters(schema: v.GenericSchema, example: Json) {
  const flatten = (json: ObjectJson, prefix: string): Json[] =>
    Object.entries(json.properties ?? {}).flatMap(([name, s]) => {
      if (s.type === 'object' && s.properties) return flatten(s, `${prefix}${name}.`);
      const { description, ...rest } = s;
      const full = prefix + name;
      return [
        {
          name: full,
          in: 'query',
          required: !prefix && (json.required?.includes(name) ?? false),
          ...(description ? { description } : {}),
          schema: rest,
          ...(full in example ? { example: example[full] } : {}),
        },
      ];
    });
  return flatten(jsonSchema(schema, false) as ObjectJson, '');
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => {
    const prefix = Object.keys(PATH_PARAMETERS).find((p) => p.endsWith('{id}') && path.startsWith(p));
    const [description, example] = PATH_PARAMETERS[m[1] === 'id' && prefix ? prefix : m[0]] ?? [];
    return { name: m[1], in: 'path', required: true, description, schema: { type: 'string' }, example };
  });
}

const headers = (names: string[]) =>
  Object.fromEntries([...new Set(['X-Request-Id', ...names])].map((n) => [n, ref('headers', n)]));

const limited = (op: RegisteredOperation) => Boolean(op.scope || op.addressLimited);

const IMAGE_BYTES = { type: 'string', format: 'binary', description: 'The image bytes' };

function success(op: RegisteredOperation, r: Reply) {
  const media = r.schema ? 'application/json' : r.media;
  const schema = r.schema
    ? jsonSchema(r.schema)
    : media?.startsWith('image/')
      ? IMAGE_BYTES
      : { type: 'string', description: r.description };
  return {
    description: r.description,
    headers: headers([
      ...(limited(op) ? RATE_LIMIT_HEADERS : []),
      ...(op.idempotent ? ['Idempotent-Replayed'] : []),
      ...(r.headers ?? []),
    ]),
    ...(media
      ? {
          content: {
            [media]: { schema, ...(r.example === undefined ? {} : { example: r.example }) },
            ...(r.alsoImage ? { [r.alsoImage]: { schema: IMAGE_BYTES } } : {}),
          },
        }
      : {}),
  };
}

const errorHeaders = (status: number) => [
  ...(status === 401 ? ['WWW-Authenticate'] : []),
  ...(status === 429 ? [...RATE_LIMIT_HEADERS, 'Retry-After'] : []),
  ...(status === 503 ? ['Retry-After'] : []),
];

function errorResponse(status: number, codes: ErrorCode[], declared?: Reply) {
  const shared = Object.entries(SHARED_RESPONSES).find(([, s]) => codes.length === 1 && s.code === codes[0]);
  if (!declared && shared) return ref('responses', shared[0]);
  const examples = Object.fromEntries(
    codes.map((code) => {
      const base = ERROR_EXAMPLES[code].error;
      const message = declared?.codes?.[code];
      return [code, { summary: code, value: { error: { code, ...base, ...(message ? { message } : {}) } } }];
    }),
  );
  return {
    description: declared?.description ?? codes.join(', '),
    headers: headers(errorHeaders(status)),
    content: { 'application/json': { schema: ref('schemas', 'ErrorEnvelope'), examples } },
  };
}

function responses(op: RegisteredOperation) {
  const out: Record<string, unknown> = {};
  const errors = impliedErrors(op);
  for (const [key, r] of Object.entries(op.responses)) {
    const status = Number(key);
    // An error answered as a page (HTML) rather than the envelope is shown as the route gives it.
    if (status < 400 || r.media || r.schema) {
      out[key] = success(op, r);
      errors.delete(status);
    } else
      errors.set(status, [
        ...new Set([...(errors.get(status) ?? []), ...(Object.keys(r.codes ?? {}) as ErrorCode[])]),
      ]);
  }
  for (const status of [...errors.keys()].sort()) {
    if (status in out) continue;
    out[status] = errorResponse(status, errors.get(status)!, op.responses[status]);
  }
  return out;
}

function security(op: RegisteredOperation) {
  if (op.signature === 'render-link') return [{ renderLink: [] }];
  if (!op.scope) return [];
  return [
    { bearer: [] },
    { apiKeyQuery: [] },
    ...(op.signature === 'capture-url' ? [{ signedUrl: [] }] : []),
  ];
}

function operation(op: RegisteredOperation) {
  const example = (op.method === 'get' ? (op.example ?? {}) : {}) as Json;
  const parameters = [
    ...pathParameters(op.fullPath),
    ...(op.query ? queryParameters(op.query, example) : []),
    ...(op.signature === 'capture-url' ? SIGNED_PARAMETERS : []),
    ...(op.signature === 'render-link' ? RENDER_LINK_PARAMETERS : []),
    ...(op.idempotent ? [ref('parameters', 'IdempotencyKey')] : []),
  ];
  const media = op.bodyMedia ?? 'application/json';
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description ?? op.summary,
    security: security(op),
    ...(op.scope ? { 'x-scope': op.scope } : {}),
    parameters,
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              [media]: { schema: jsonSchema(op.body), ...(op.example ? { example: op.example } : {}) },
            },
          },
        }
      : {}),
    responses: responses(op),
  };
}

export function openApiDocument(operations: RegisteredOperation[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    // X-Request-Id is taken everywhere: on the path, so each operation lists only its own parameters.
    paths[op.fullPath] ??= { parameters: [ref('parameters', 'RequestId')] };
    paths[op.fullPath]![op.method] = operation(op);
  }
  const tags = [...new Set(operations.map((op) => op.tag))].map((name) => ({
    name,
    ...(TAGS[name] ? { description: TAGS[name] } : {}),
  }));
  const schemas = tidy(toJsonSchemaDefs(definitions(), CONVERSION)) as Record<string, Json>;
  for (const [name, about] of ABOUT) schemas[name]!.description ??= about;
  return {
    openapi: '3.0.3',
    info: {
      title: 'Frameshot API',
      version: '1',
      description:
        'Capture any web page in headless Chromium and compose it into a styled, device-framed image. Wire-compatible with the ScreenFramed API. Every error uses one envelope (`ErrorEnvelope`); every response carries `X-Request-Id`.',
    },
    servers: [{ url: serverUrl }],
    tags,
    paths,
    components: {
      schemas,
      responses: Object.fromEntries(
        Object.entries(SHARED_RESPONSES).map(([name, s]) => [
          name,
          errorResponse(ERROR_EXAMPLES[s.code].status, [s.code], { description: s.description }),
        ]),
      ),
      parameters: PARAMETERS,
      headers: HEADERS,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
