/**
 * @module schemas/auth-profile
 * Auth profiles (§8): stored credentials for logged-in pages.
 */
import { getDomain, parse as parseDomain } from 'tldts';
import * as v from 'valibot';
import { enumOf, text } from './fields.ts';

export const AUTH_PROFILE_MAX_BYTES = 64 * 1024;

/** Request headers a profile may not set: the browser owns them. */
const FORBIDDEN_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'upgrade',
  'proxy-authorization',
  'te',
  'trailer',
  'keep-alive',
  'cookie',
]);

const domainName = v.pipe(
  text('domain', 253),
  v.transform((s) => s.trim().toLowerCase().replace(/\.$/, '')),
  v.check((s) => {
    const parsed = parseDomain(s, { allowPrivateDomains: true });
    return parsed.hostname === s && (parsed.isIp === true || parsed.publicSuffix !== null);
  }, 'Invalid domain. Give a host name such as example.com or app.example.com (no scheme, no path)'),
  v.check(
    (s) => parseDomain(s, { allowPrivateDomains: true }).isIp === true || registrableDomain(s) !== null,
    'Invalid domain. That is a public suffix shared by many owners (like com, co.uk or github.io): give your own site, such as you.github.io or app.example.com',
  ),
);

/**
 * The part of `host` one owner controls (`app.you.github.io` → `you.github.io`), with the
 * private suffixes (github.io, herokuapp.com, …) counted as suffixes; null for a suffix itself.
 */
export const registrableDomain = (host: string): string | null =>
  getDomain(host, { allowPrivateDomains: true });

const Cookie = v.object({
  name: v.pipe(text('cookies[].name', 256), v.nonEmpty('Invalid cookies[].name. Must not be empty')),
  value: text('cookies[].value', 16384),
  domain: v.optional(text('cookies[].domain', 253)),
  path: v.optional(text('cookies[].path', 1024)),
  expires: v.optional(v.number('Invalid cookies[].expires. Must be unix seconds')),
  httpOnly: v.optional(v.boolean()),
  secure: v.optional(v.boolean()),
  sameSite: v.optional(enumOf('cookies[].sameSite', ['Strict', 'Lax', 'None'] as const)),
});
export type CookieInput = v.InferOutput<typeof Cookie>;

const LocalStorage = v.record(
  v.pipe(
    v.string(),
    v.check((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '');
      } catch {
        return false;
      }
    }, 'Invalid local_storage origin. Keys must be origins such as https://app.example.com'),
  ),
  v.record(v.string(), v.string('Invalid local_storage value. Values must be strings')),
);

const Headers = v.record(
  v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Invalid header name'),
    v.check(
      (h) => !FORBIDDEN_HEADERS.has(h.toLowerCase()),
      'Invalid header: the browser sets that one itself (use cookies for Cookie)',
    ),
  ),
  text('headers value', 8192),
);

export const SecretFields = {
  cookie_header: v.optional(text('cookie_header', AUTH_PROFILE_MAX_BYTES)),
  cookies: v.optional(v.pipe(v.array(Cookie), v.maxLength(500, 'Invalid cookies. At most 500'))),
  local_storage: v.optional(LocalStorage),
  headers: v.optional(Headers),
};

/** Bytes of the secret part of a profile, as stored. */
export const secretBytes = (p: { [K in keyof typeof SecretFields]?: unknown }): number =>
  Buffer.byteLength(
    JSON.stringify({
      cookie_header: p.cookie_header,
      cookies: p.cookies,
      local_storage: p.local_storage,
      headers: p.headers,
    }),
  );

const withinSize = <T extends { [K in keyof typeof SecretFields]?: unknown }>() =>
  v.check<T, string>(
    (p) => secretBytes(p) <= AUTH_PROFILE_MAX_BYTES,
    'Auth profile too large: cookies, cookie_header, local_storage and headers together must stay within 64 KiB',
  );

export const NewAuthProfile = v.pipe(
  v.object({
    name: v.pipe(text('name', 100), v.nonEmpty('Missing name')),
    domain: domainName,
    project_id: v.optional(text('project_id', 64)),
    ...SecretFields,
  }),
  withinSize(),
);

export const AuthProfileChanges = v.pipe(
  v.object({
    name: v.optional(v.pipe(text('name', 100), v.nonEmpty('Invalid name. Must not be empty'))),
    domain: v.optional(domainName),
    project_id: v.optional(v.nullable(text('project_id', 64))),
    ...SecretFields,
  }),
  withinSize(),
);

export const ProfileTest = v.object({
  url: v.pipe(
    text('url', 4096),
    v.check((s) => /^https?:\/\//i.test(s), 'Invalid url. Must be an http:// or https:// URL'),
  ),
});

export type NewAuthProfile = v.InferOutput<typeof NewAuthProfile>;
export type AuthProfileChanges = v.InferOutput<typeof AuthProfileChanges>;

/** Whether `host` is `domain` or one of its subdomains. */
export const hostInDomain = (host: string, domain: string): boolean => {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
};
