/**
 * @module http/views
 * Building blocks of the response schemas the route groups declare, i.e. their shape in the
 * OpenAPI document: fields with their description, the `{ data: [...] }` list every listing
 * answers, and the `{ id, deleted }` answer of every DELETE.
 */
import * as v from 'valibot';
import { named } from './openapi.ts';

export const str = (description: string) => v.pipe(v.string(), v.description(description));
export const count = (description: string) => v.pipe(v.number(), v.description(description));
export const flag = (description: string) => v.pipe(v.boolean(), v.description(description));
export const strings = (description: string) => v.pipe(v.array(v.string()), v.description(description));

/** When a stored resource was created and last changed. */
export const STAMPS = {
  created_at: str('When it was created (ISO 8601)'),
  updated_at: str('When it last changed (ISO 8601)'),
};

/** `{ data: Item[] }`, named for the document (`ProjectList`). */
export const listOf = <S extends v.GenericSchema>(name: string, item: S, description: string) =>
  named(name, v.object({ data: v.pipe(v.array(item), v.description(description)) }));

export const Deleted = named(
  'Deleted',
  v.object({
    id: str('The id of what was deleted'),
    deleted: v.pipe(v.literal(true), v.description('Always true')),
  }),
);
