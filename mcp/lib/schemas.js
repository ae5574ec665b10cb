// @ts-check
/**
 * @module mcp/lib/schemas
 * The tools' input schemas, taken from the API's own OpenAPI document (the one the SDK ships) so
 * they never drift from what the server validates: `$ref`s resolved, OpenAPI 3.0 spellings
 * (`nullable`, `example`) turned into JSON Schema.
 */
import { createRequire } from 'node:module';

/** @typedef {Record<string, any>} JsonSchema */

/** @type {JsonSchema} */
const openapi = createRequire(import.meta.url)('@frameshot/sdk/openapi.json');

/** Keywords of OpenAPI's schema object that JSON Schema does not have (or spells otherwise). */
const OPENAPI_ONLY = new Set(['nullable', 'example', 'discriminator', 'xml', 'externalDocs', 'deprecated']);

/**
 * Follows a local `$ref` (`#/components/schemas/CaptureRequest`) in the document.
 * @param {string} ref
 * @returns {JsonSchema}
 */
function lookup(ref) {
  if (!ref.startsWith('#/')) throw new Error(`Unsupported $ref ${ref}`);
  /** @type {any} */
  let node = openapi;
  for (const part of ref.slice(2).split('/')) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  if (node === undefined) throw new Error(`Unresolved $ref ${ref}`);
  return node;
}

/**
 * An OpenAPI 3.0 schema as a self-contained JSON Schema: refs inlined (a ref met again inside
 * itself stays an open object rather than looping), `nullable: true` widened to allow null,
 * `example` kept as `examples`.
 * @param {unknown} schema
 * @param {string[]} [seen] the refs being expanded above this node
 * @returns {any}
 */
export function toJsonSchema(schema, seen = []) {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, seen));
  if (!schema || typeof schema !== 'object') return schema;
  /** @type {JsonSchema} */
  const node = schema;
  if (typeof node.$ref === 'string') {
    if (seen.includes(node.$ref)) return { type: 'object' };
    return toJsonSchema(lookup(node.$ref), [...seen, node.$ref]);
  }
  /** @type {JsonSchema} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (OPENAPI_ONLY.has(key)) continue;
    // `properties` maps names to schemas; its keys are not keywords.
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s, seen)]))
        : toJsonSchema(value, seen);
  }
  if (node.example !== undefined) out.examples = [node.example];
  return node.nullable === true ? allowNull(out) : out;
}

/** @param {JsonSchema} schema */
function allowNull(schema) {
  if (typeof schema.type === 'string') {
    /** @type {JsonSchema} */
    const widened = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/**
 * The JSON body schema of an operation, e.g. `requestBody('post', '/v1/capture')`.
 * @param {string} method
 * @param {string} path
 * @returns {JsonSchema}
 */
export function requestBody(method, path) {
  const operation = openapi.paths?.[path]?.[method];
  const body = operation?.requestBody?.$ref ? lookup(operation.requestBody.$ref) : operation?.requestBody;
  const schema = body?.content?.['application/json']?.schema;
  if (!schema)
    throw new Error(`No JSON request body for ${method.toUpperCase()} ${path} in the OpenAPI document`);
  return toJsonSchema(schema);
}

/**
 * An object schema of an operation's query parameters, e.g. `queryParams('get', '/v1/backgrounds')`.
 * @param {string} method
 * @param {string} path
 * @returns {JsonSchema}
 */
export function queryParams(method, path) {
  const operation = openapi.paths?.[path]?.[method];
  if (!operation) throw new Error(`No ${method.toUpperCase()} ${path} in the OpenAPI document`);
  /** @type {JsonSchema[]} */
  const params = (operation.parameters ?? []).map((/** @type {JsonSchema} */ p) =>
    p.$ref ? lookup(p.$ref) : p,
  );
  /** @type {JsonSchema} */
  const properties = {};
  /** @type {string[]} */
  const required = [];
  for (const p of params.filter((p) => p.in === 'query')) {
    const schema = toJsonSchema(p.schema ?? { type: 'string' });
    properties[p.name] =
      p.description && !schema.description ? { ...schema, description: p.description } : schema;
    if (p.required) required.push(p.name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}
