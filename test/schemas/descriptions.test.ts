/**
 * Every field of every object schema in lib/schemas carries a description in the OpenAPI document
 * (docs, SDK IntelliSense and MCP tools read it), so a new field without one fails here. The
 * schemas are converted as lib/http/openapi.ts converts them, without `$ref`s, so nested objects,
 * array items and union members are walked too. A description placed after a `v.transform` is
 * lost in the conversion (typeMode "input" stops there); this catches that as well.
 */
import { readdirSync } from 'node:fs';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';

interface Json {
  type?: string;
  description?: string;
  properties?: Record<string, Json>;
  items?: Json;
  anyOf?: Json[];
  oneOf?: Json[];
  allOf?: Json[];
  additionalProperties?: Json | boolean;
}

const SCHEMAS_DIR = new URL('../../lib/schemas/', import.meta.url);

const isSchema = (value: unknown): value is v.GenericSchema =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'schema';

const jsonSchema = (schema: v.GenericSchema) =>
  toJsonSchema(schema, { target: 'openapi-3.0', errorMode: 'ignore', typeMode: 'input' }) as Json;

/** Every exported object schema of lib/schemas, as `file:Export` → its JSON Schema. */
async function objectSchemas(): Promise<Array<[string, Json]>> {
  const files = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.ts'));
  const found: Array<[string, Json]> = [];
  for (const file of files) {
    const mod: Record<string, unknown> = await import(new URL(file, SCHEMAS_DIR).href);
    for (const [name, value] of Object.entries(mod)) {
      if (!isSchema(value)) continue;
      const json = jsonSchema(value);
      if (json.type === 'object' && json.properties) found.push([`${file}:${name}`, json]);
    }
  }
  return found;
}

/** Paths of the properties under `json` (recursively) that have no description. */
function undescribed(json: Json, path: string): string[] {
  const missing: string[] = [];
  for (const [key, property] of Object.entries(json.properties ?? {})) {
    if (!property.description?.trim()) missing.push(`${path}.${key}`);
    missing.push(...undescribed(property, `${path}.${key}`));
  }
  if (json.items) missing.push(...undescribed(json.items, `${path}[]`));
  for (const member of [...(json.anyOf ?? []), ...(json.oneOf ?? []), ...(json.allOf ?? [])]) {
    missing.push(...undescribed(member, path));
  }
  if (typeof json.additionalProperties === 'object') {
    missing.push(...undescribed(json.additionalProperties, `${path}{}`));
  }
  return [...new Set(missing)];
}

const schemas = await objectSchemas();

describe('schema descriptions', () => {
  it('finds the request and response schemas', () => {
    const names = schemas.map(([name]) => name);
    expect(names).toContain('capture.ts:CaptureParams');
    expect(names).toContain('response.ts:CaptureResponse');
    expect(names).toContain('project.ts:NewProject');
    expect(names).toContain('auth-profile.ts:NewAuthProfile');
  });

  it('describes every exported object schema itself', () => {
    const bare = schemas.filter(([, json]) => !json.description?.trim()).map(([name]) => name);
    expect(bare, 'object schemas without a v.description').toEqual([]);
  });

  it.each(schemas)('describes every field of %s', (name, json) => {
    expect(undescribed(json, name), 'fields without a v.description').toEqual([]);
  });
});
