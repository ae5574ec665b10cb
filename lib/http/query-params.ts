/**
 * @module http/query-params
 * GET parameters → the body shape the schemas validate (§3): dotted names nest
 * (`output.format=webp`), arrays repeat the key or use commas, `site` is `url` and `bg` is
 * `background_preset`, and strings become numbers or booleans where the schema's JSON Schema
 * (generated from the same valibot schema) says so. Values that don't convert stay strings so the
 * schema reports them with its own message.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { InvalidParams } from '../errors.ts';

interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
}

const ALIASES = new Map([
  ['site', 'url'],
  ['bg', 'background_preset'],
]);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema) return types;
  for (const t of [schema.type ?? []].flat()) types.add(t);
  if (schema.enum?.some((e) => typeof e === 'number')) types.add('number');
  for (const sub of schema.anyOf ?? []) for (const t of typesOf(sub)) types.add(t);
  return types;
}

function childSchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  if (!schema) return undefined;
  return schema.properties?.[key] ?? schema.anyOf?.map((s) => s.properties?.[key]).find(Boolean);
}

function coerce(raw: string, types: Set<string>): unknown {
  if (
    (types.has('number') || types.has('integer')) &&
    /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim())
  ) {
    return Number(raw);
  }
  if (types.has('boolean')) {
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
  }
  return raw;
}

export interface QueryReader {
  /** Converts query pairs; `skip` names pairs that are transport, not parameters. */
  read(pairs: Array<[string, string]>, skip?: ReadonlySet<string>): Record<string, unknown>;
}

export function queryReader(schema: v.GenericSchema): QueryReader {
  const root = toJsonSchema(schema, { errorMode: 'ignore', typeMode: 'input' }) as JsonSchema;
  return {
    read(pairs, skip = new Set()) {
      const grouped = new Map<string, string[]>();
      for (const [name, value] of pairs) {
        if (skip.has(name)) continue;
        const key = ALIASES.get(name) ?? name;
        grouped.set(key, [...(grouped.get(key) ?? []), value]);
      }
      const out: Record<string, unknown> = {};
      for (const [name, values] of grouped) {
        const path = name.split('.');
        if (path.some((p) => p === '' || FORBIDDEN_KEYS.has(p))) {
          throw new InvalidParams(`Invalid parameter name "${name}"`, [
            { path: name, message: 'Not a parameter name' },
          ]);
        }
        let schemaAt: JsonSchema | undefined = root;
        for (const p of path) schemaAt = childSchema(schemaAt, p);
        const types = typesOf(schemaAt);
        let value: unknown;
        if (types.has('array')) {
          value = values
            .flatMap((s) => s.split(','))
            .map((s) => s.trim())
            .filter(Boolean);
        } else if (values.length > 1) {
          throw new InvalidParams(`Repeated parameter ${name}. Give it once.`, [
            { path: name, message: 'Repeated parameter' },
          ]);
        } else {
          value = coerce(values[0]!, types);
        }
        let target = out;
        for (const p of path.slice(0, -1)) {
          const next = target[p];
          if (next !== undefined && (typeof next !== 'object' || next === null)) {
            throw new InvalidParams(`Conflicting parameters ${p} and ${name}`, [
              { path: name, message: 'Conflicts with ' + p },
            ]);
          }
          if (next === undefined) target[p] = {};
          target = target[p] as Record<string, unknown>;
        }
        target[path.at(-1)!] = value;
      }
      return out;
    },
  };
}

/** Top-level fields of an object body that the schema does not know: reported as warnings. */
export function unknownFields(body: unknown, known: ReadonlySet<string>): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  return Object.keys(body).filter((k) => !known.has(k));
}
