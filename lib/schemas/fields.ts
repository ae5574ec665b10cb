/**
 * @module schemas/fields
 * Field builders whose messages follow the contract: they name the field and the allowed values.
 */
import * as v from 'valibot';

export const enumOf = <const T extends readonly string[]>(name: string, values: T) =>
  v.picklist(values, `Invalid ${name}. Must be one of: ${values.join(', ')}`);

export const num = (name: string, min: number, max: number) => {
  const message = `Invalid ${name}. Must be a number between ${min} and ${max}`;
  return v.pipe(v.number(message), v.minValue(min, message), v.maxValue(max, message));
};

export const int = (name: string, min: number, max: number) => {
  const message = `Invalid ${name}. Must be an integer between ${min} and ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
};

export const text = (name: string, max: number) =>
  v.pipe(
    v.string(`Invalid ${name}. Must be a string`),
    v.maxLength(max, `Invalid ${name}. Must be at most ${max} characters`),
  );

/** The field names of a group of schema entries, in the order the schema lists them. */
export const fieldsOf = <T extends Record<string, unknown>>(entries: T): ReadonlyArray<keyof T & string> =>
  Object.keys(entries) as Array<keyof T & string>;
