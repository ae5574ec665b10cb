/**
 * @module ids
 * Resource ids: a prefix plus a ULID (contract §1).
 */
import { monotonicFactory } from 'ulid';

export type IdPrefix = 'cap' | 'job' | 'prj' | 'ap' | 'acct' | 'key' | 'req' | 'led' | 'evt';

const ulid = monotonicFactory();

export const newId = (prefix: IdPrefix): string => `${prefix}_${ulid()}`;

export const hasPrefix = (id: string, prefix: IdPrefix): boolean =>
  new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`).test(id);
