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
  text(
    'domain',
    253,
    'Host name the profile is for, without scheme or path: it applies to captures of this host and its subdomains only.',
  ),
  v.metadata({ example: 'app.example.com' }),
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

const Cookie = v.pipe(
  v.object({
    name: v.pipe(
      text('cookies[].name', 256, 'Cookie name (≤ 256 characters).'),
      v.nonEmpty('Invalid cookies[].name. Must not be empty'),
    ),
    value: text('cookies[].value', 16384, 'Cookie value (≤ 16 KiB).'),
    domain: v.optional(
      text(
        'cookies[].domain',
        253,
        "Domain the cookie is set for: the profile's `domain` or a subdomain (a leading dot is allowed). Default: the profile's `domain`.",
      ),
    ),
    path: v.optional(text('cookies[].path', 1024, 'Path the cookie is sent for. Default `/`.')),
    expires: v.optional(
      v.pipe(
        v.number('Invalid cookies[].expires. Must be unix seconds'),
        v.description('Expiry in unix seconds. Absent: a session cookie.'),
      ),
    ),
    httpOnly: v.optional(
      v.pipe(v.boolean(), v.description('Hides the cookie from page scripts (`document.cookie`).')),
    ),
    secure: v.optional(v.pipe(v.boolean(), v.description('Sends the cookie over https only.'))),
    sameSite: v.optional(
      enumOf(
        'cookies[].sameSite',
        ['Strict', 'Lax', 'None'] as const,
        "The cookie's SameSite policy: `Strict`, `Lax` or `None`. Absent: the browser's default.",
      ),
    ),
  }),
  v.description('A cookie set in the browser before the page loads, as in the Set-Cookie attributes.'),
);
export type CookieInput = v.InferOutput<typeof Cookie>;

const LocalStorage = v.pipe(
  v.record(
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
  ),
  v.description(
    "localStorage entries set before the page loads, by origin: `{ origin: { key: value } }`. Origins must be on the profile's domain.",
  ),
  v.metadata({ example: { 'https://app.example.com': { token: 'eyJhbGciOi…' } } }),
);

const Headers = v.pipe(
  v.record(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Invalid header name'),
      v.check(
        (h) => !FORBIDDEN_HEADERS.has(h.toLowerCase()),
        'Invalid header: the browser sets that one itself (use cookies for Cookie)',
      ),
    ),
    text('headers value', 8192),
  ),
  v.description(
    "Extra request headers (name → value, each ≤ 8 KiB) sent only to hosts on the profile's domain. Host, Cookie, Connection and other headers the browser owns are refused.",
  ),
  v.metadata({ example: { Authorization: 'Bearer eyJhbGciOi…' } }),
);

/** The credentials: encrypted at rest, never returned (responses show cookie names and counts only). */
export const SecretFields = {
  cookie_header: v.optional(
    v.pipe(
      text(
        'cookie_header',
        AUTH_PROFILE_MAX_BYTES,
        "Cookies as a browser's Cookie header (`name=value; name2=value2`), each set for the profile's `domain` and path `/`. Write-only.",
      ),
      v.metadata({ example: 'session=abc123; theme=dark' }),
    ),
  ),
  cookies: v.optional(
    v.pipe(
      v.array(Cookie),
      v.maxLength(500, 'Invalid cookies. At most 500'),
      v.description(
        'Cookies with their attributes (at most 500), set along with `cookie_header`. Write-only.',
      ),
    ),
  ),
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

const NAME = 'A name for people (≤ 100 characters), e.g. "Staging admin".';

export const NewAuthProfile = v.pipe(
  v.object({
    name: v.pipe(text('name', 100, NAME), v.nonEmpty('Missing name')),
    domain: domainName,
    project_id: v.optional(
      text('project_id', 64, 'A project (`prj_…`) of the account the profile belongs to, if any.'),
    ),
    ...SecretFields,
  }),
  withinSize(),
  v.description(
    'A new auth profile: credentials (cookies, localStorage, headers) a capture of `domain` loads the page with, via `auth_profile_id`. The credentials are encrypted at rest, never returned, and together at most 64 KiB.',
  ),
);

export const AuthProfileChanges = v.pipe(
  v.object({
    name: v.optional(v.pipe(text('name', 100, NAME), v.nonEmpty('Invalid name. Must not be empty'))),
    domain: v.optional(domainName),
    project_id: v.optional(
      v.nullable(text('project_id', 64, 'A project (`prj_…`) to attach the profile to; `null` detaches it.')),
    ),
    ...SecretFields,
  }),
  withinSize(),
  v.description(
    'Changes to an auth profile: only the fields given are set; a credential field replaces the stored one of that kind, and a new `domain` drops the stored credentials not given again.',
  ),
);

export const ProfileTest = v.pipe(
  v.object({
    url: v.pipe(
      text(
        'url',
        4096,
        "An http(s) page on the profile's domain to load with the profile, to check that it is logged in.",
      ),
      v.check((s) => /^https?:\/\//i.test(s), 'Invalid url. Must be an http:// or https:// URL'),
      v.metadata({ example: 'https://app.example.com/settings' }),
    ),
  }),
  v.description('A page to test an auth profile on.'),
);

export type NewAuthProfile = v.InferOutput<typeof NewAuthProfile>;
export type AuthProfileChanges = v.InferOutput<typeof AuthProfileChanges>;

/** Whether `host` is `domain` or one of its subdomains. */
export const hostInDomain = (host: string, domain: string): boolean => {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
};
