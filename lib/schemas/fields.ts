/**
 * @module schemas/fields
 * Field builders whose messages follow the contract: they name the field and the allowed values.
 * Each takes the field's description for the OpenAPI document (docs, SDK IntelliSense, MCP tools);
 * a description is metadata only, so validation and its messages are the same with or without one.
 */
import * as v from 'valibot';

/** `schema` with its user-facing description, when there is one. */
export function described<S extends v.GenericSchema>(schema: S, description?: string) {
  return description === undefined ? schema : v.pipe(schema, v.description(description));
}

export const enumOf = <const T extends readonly string[]>(name: string, values: T, description?: string) =>
  described(v.picklist(values, `Invalid ${name}. Must be one of: ${values.join(', ')}`), description);

export const num = (name: string, min: number, max: number, description?: string) => {
  const message = `Invalid ${name}. Must be a number between ${min} and ${max}`;
  return described(
    v.pipe(v.number(message), v.minValue(min, message), v.maxValue(max, message)),
    description,
  );
};

export const int = (name: string, min: number, max: number, description?: string) => {
  const message = `Invalid ${name}. Must be an integer between ${min} and ${max}`;
  return described(
    v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message)),
    description,
  );
};

export const text = (name: string, max: number, description?: string) =>
  described(
    v.pipe(
      v.string(`Invalid ${name}. Must be a string`),
      v.maxLength(max, `Invalid ${name}. Must be at most ${max} characters`),
    ),
    description,
  );

/** The field names of a group of schema entries, in the order the schema lists them. */
export const fieldsOf = <T extends Record<string, unknown>>(entries: T): ReadonlyArray<keyof T & string> =>
  Object.keys(entries) as Array<keyof T & string>;
