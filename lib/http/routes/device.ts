/**
 * @module http/routes/device
 * The CLI's browser login (§11, device authorization grant): `POST /v1/device/code` starts it,
 * `POST /v1/device/token` is polled by the CLI, and `GET|POST /device` is the page where a person
 * approves the code by pasting an existing key of their account. Approval mints a new key with
 * the same scopes for the CLI; the CLI receives it once. Starting logins and the page are public,
 * so both are limited per client address.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import * as v from 'valibot';
import { type Sealed, seal, unseal } from '../../crypto/seal.ts';
import type { Deps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import { createApiKey, findActiveKey } from '../../store/api-keys.ts';
import {
  approveDeviceCode,
  createDeviceCode,
  DEVICE_CODE_TTL_S,
  devicePkOf,
  findByUserCode,
  getDeviceGrant,
  isUserCode,
  normaliseUserCode,
  POLL_INTERVAL_S,
  recordPoll,
  redeemDeviceCode,
  USER_CODE_INPUT_MAX,
} from '../../store/device-codes.ts';
import type { AppEnv } from '../env.ts';
import { addressRateLimit } from '../middleware/address-rate-limit.ts';
import { named } from '../openapi.ts';
import { DEVICE_CODE, DEVICE_GRANT } from '../openapi-examples.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { readJson, validate } from '../validate.ts';
import { count, str } from '../views.ts';

const TokenRequest = named(
  'DeviceTokenRequest',
  v.object({
    device_code: v.pipe(
      v.string('Missing device_code'),
      v.description('The `device_code` of POST /v1/device/code'),
      v.nonEmpty('Missing device_code'),
      v.maxLength(200),
    ),
  }),
);

const DeviceCode = named(
  'DeviceCode',
  v.object({
    device_code: str('What the CLI polls POST /v1/device/token with; keep it secret'),
    user_code: str('What the person checks on the page: XXXX-XXXX'),
    verification_uri: str('The approval page'),
    verification_uri_complete: str('The approval page with the code filled in'),
    expires_in: count('Seconds the code lives (900)'),
    interval: count('Seconds to wait between polls (5)'),
  }),
);
const DeviceGrant = named(
  'DeviceGrant',
  v.object({
    api_key: str('A new API key for the CLI, with the scopes of the key that approved it; shown once'),
    key_id: str('Its id (`key_…`)'),
    account_id: str('The account (`acct_…`)'),
  }),
);
const Approval = named(
  'DeviceApproval',
  v.object({
    user_code: str('The code the terminal shows'),
    api_key: str('An active API key of the account approving the login'),
  }),
);

const grantError = (code: 'authorization_pending' | 'slow_down' | 'expired_token', message: string) =>
  new ApiError(code, 400, message);

interface Grant {
  api_key: string;
  key_id: string;
  account_id: string;
}

const grantContext = (devicePk: string) => `device:${devicePk}`;

/**
 * Requests per client address per minute. A person logging in needs one code and two or three
 * page requests; the limits leave room for retries and a few people behind one NAT, while a
 * script can neither fill the table with codes nor try user codes or keys at any useful rate.
 */
export const DEVICE_LIMITS = { codes: 10, page: 20 } as const;

/** What a person typed as the code: refused when it cannot be one, before any lookup. */
function typedUserCode(input: string): { code: string; error?: string } {
  if (input.length > USER_CODE_INPUT_MAX) {
    return {
      code: '',
      error:
        'That code is too long. A code is 8 letters and digits like XXXX-XXXX: type the one your terminal shows.',
    };
  }
  const code = normaliseUserCode(input);
  return isUserCode(code)
    ? { code }
    : { code, error: 'A code is 8 letters and digits like XXXX-XXXX: type the one your terminal shows.' };
}

const OPERATIONS = {
  code: {
    operationId: 'createDeviceCode',
    method: 'post',
    path: '/code',
    summary: 'Start a CLI login (device authorization grant)',
    description: `The CLI shows \`user_code\` and opens \`verification_uri_complete\`, then polls POST /v1/device/token every \`interval\` seconds. At most ${DEVICE_LIMITS.codes} per client address per minute.`,
    addressLimited: true,
    responses: {
      200: { description: 'The login to approve', schema: DeviceCode, example: DEVICE_CODE },
    },
  },
  token: {
    operationId: 'createDeviceToken',
    method: 'post',
    path: '/token',
    summary: 'Poll a CLI login',
    description:
      'While the code waits for approval: 400 authorization_pending; polling faster than `interval`: 400 slow_down; after 900 s: 400 expired_token. Once approved: 200 { api_key, key_id, account_id }, exactly once.',
    body: TokenRequest,
    example: { device_code: DEVICE_CODE.device_code },
    responses: {
      200: { description: 'The new key, handed out once', schema: DeviceGrant, example: DEVICE_GRANT },
      400: {
        description:
          'authorization_pending, slow_down or expired_token (RFC 8628); invalid_params for a missing device_code',
        codes: {
          authorization_pending: 'Waiting for approval of code WDJB-MJHT in the browser.',
          slow_down: 'Polling too fast: wait at least 5 s between requests.',
          expired_token: 'This login code has expired or was already used. Run `frameshot login` again.',
        },
      },
    },
  },
  page: {
    operationId: 'getDevicePage',
    method: 'get',
    path: '/',
    summary: 'The CLI login approval page (HTML)',
    description: `The page a person opens to approve a CLI login: it shows the code (from \`?code=\`) and asks for an API key of their account. At most ${DEVICE_LIMITS.page} requests per client address per minute, shared with the form.`,
    query: v.object({
      code: v.optional(str('The user code to fill in, as the CLI links it')),
    }),
    example: { code: 'WDJB-MJHT' },
    addressLimited: true,
    responses: {
      200: {
        description: 'The approval form',
        media: 'text/html',
        example: '<!doctype html>…<h1>Approve a CLI login</h1>…',
      },
      400: { description: 'The form again, saying the code is too long to be one', media: 'text/html' },
    },
  },
  approve: {
    operationId: 'approveDeviceLogin',
    method: 'post',
    path: '/',
    summary: 'Approve a CLI login (HTML form)',
    description:
      'The approval form’s submit: checks the code and the pasted key, mints a new key with the same scopes for the CLI, and answers the page saying so. A wrong code or key answers the form again with the problem (400).',
    body: Approval,
    bodyMedia: 'application/x-www-form-urlencoded',
    example: { user_code: 'WDJB-MJHT', api_key: 'sf_live_…' },
    addressLimited: true,
    responses: {
      200: {
        description: 'The page saying the login is approved',
        media: 'text/html',
        example: '<!doctype html>…<h1>CLI login approved</h1>…',
      },
      400: {
        description: 'The form again, naming the problem (unknown code, unknown key, already approved)',
        media: 'text/html',
      },
    },
  },
} satisfies Record<string, Operation>;

export function deviceRoutes(deps: Deps, registry: Registry) {
  const router = createRouter({ registry, mount: '/v1/device', tag: 'CLI login', account: [] });
  const limit = (name: string, perMinute: number, what: string) =>
    addressRateLimit({ table: deps.table, now: deps.now, name, limit: perMinute, what });
  router.app.use('/code', limit('device-code', DEVICE_LIMITS.codes, 'login codes'));
  router.on(OPERATIONS.code, (c) => startLogin(deps, c));
  router.on(OPERATIONS.token, (c) => pollLogin(deps, c));

  const page = createRouter({ registry, mount: '/device', tag: 'CLI login', account: [] });
  page.app.use('*', limit('device-page', DEVICE_LIMITS.page, 'requests to the login page'));
  page.on(OPERATIONS.page, (c) => {
    // The CLI's link fills the code in; only input too long to be a code is refused here.
    const input = c.req.query('code') ?? '';
    if (input.length > USER_CODE_INPUT_MAX) return c.html(approvalPage(typedUserCode(input)), 400);
    return c.html(approvalPage({ code: normaliseUserCode(input) }));
  });
  page.on(OPERATIONS.approve, (c) => approveLogin(deps, c));

  return { api: router.app, page: page.app };
}

async function startLogin(deps: Deps, c: Context<AppEnv>) {
  const { deviceCode, userCode } = await createDeviceCode(deps.table, deps.now());
  const page = `${deps.config.publicBaseUrl}/device`;
  return c.json({
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: page,
    verification_uri_complete: `${page}?code=${userCode}`,
    expires_in: DEVICE_CODE_TTL_S,
    interval: POLL_INTERVAL_S,
  });
}

async function pollLogin(deps: Deps, c: Context<AppEnv>) {
  const { device_code } = validate(TokenRequest, await readJson(c));
  const now = deps.now();
  const grant = await getDeviceGrant(deps.table, device_code);
  if (!grant || grant.status === 'redeemed' || grant.expires_ms <= now) {
    throw grantError(
      'expired_token',
      'This login code has expired or was already used. Run `frameshot login` again.',
    );
  }
  if (grant.status === 'pending') {
    if (!(await recordPoll(deps.table, device_code, now))) {
      throw grantError('slow_down', `Polling too fast: wait at least ${POLL_INTERVAL_S} s between requests.`);
    }
    throw grantError(
      'authorization_pending',
      `Waiting for approval of code ${grant.user_code} in the browser.`,
    );
  }
  const sealed = await redeemDeviceCode(deps.table, device_code);
  if (!sealed)
    throw grantError('expired_token', 'This login code was already used. Run `frameshot login` again.');
  return c.json(
    JSON.parse(unseal(deps.config.encryptionKey, sealed, grantContext(devicePkOf(device_code)))) as Grant,
  );
}

/** The approval form: mint a key like the pasted one and seal it for the polling CLI. */
async function approveLogin(deps: Deps, c: Context<AppEnv>) {
  const form = await c.req.parseBody();
  const typed = typedUserCode(typeof form.user_code === 'string' ? form.user_code : '');
  if (typed.error) return c.html(approvalPage(typed), 400);
  const { code } = typed;
  const key = String(form.api_key ?? '').trim();
  const now = deps.now();
  const devicePk = await findByUserCode(deps.table, code, now);
  if (!devicePk)
    return c.html(
      approvalPage({ code, error: 'That code is unknown or expired. Check the code your terminal shows.' }),
      400,
    );
  const presented = await findActiveKey(deps.table, key);
  if (!presented)
    return c.html(
      approvalPage({
        code,
        error: 'That API key is unknown or revoked. Paste an active key of your account.',
      }),
      400,
    );
  const { apiKey, key: created } = await createApiKey(deps.table, {
    accountId: presented.account_id,
    scopes: presented.scopes,
    test: presented.test,
    now,
  });
  const grant: Grant = { api_key: apiKey, key_id: created.key_id, account_id: presented.account_id };
  const sealed: Sealed = seal(deps.config.encryptionKey, JSON.stringify(grant), grantContext(devicePk));
  if (!(await approveDeviceCode(deps.table, devicePk, sealed, now))) {
    return c.html(approvalPage({ code, error: 'That code was already approved or has expired.' }), 400);
  }
  return c.html(approvalPage({ code, done: true }));
}

function approvalPage(state: { code: string; error?: string; done?: boolean }) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Frameshot — approve CLI login</title>
<style>
  :root { color-scheme: light dark; --fg:#0f172a; --muted:#64748b; --bg:#f8fafc; --card:#fff; --line:#e2e8f0; --accent:#4f46e5; --bad:#b91c1c; --good:#15803d; }
  @media (prefers-color-scheme: dark) { :root { --fg:#e2e8f0; --muted:#94a3b8; --bg:#0b1020; --card:#111833; --line:#1e293b; --accent:#818cf8; --bad:#f87171; --good:#4ade80; } }
  * { box-sizing: border-box; }
  body { margin:0; min-height:100vh; display:grid; place-items:center; background:var(--bg); color:var(--fg); font:16px/1.5 system-ui,-apple-system,"Segoe UI",Inter,sans-serif; }
  main { width:min(420px, 92vw); background:var(--card); border:1px solid var(--line); border-radius:16px; padding:32px; box-shadow:0 20px 50px -20px rgb(15 23 42 / .25); }
  h1 { font-size:20px; margin:0 0 4px; }
  p { margin:0 0 20px; color:var(--muted); }
  label { display:block; font-size:14px; font-weight:600; margin:16px 0 6px; }
  input { width:100%; padding:10px 12px; border-radius:10px; border:1px solid var(--line); background:transparent; color:inherit; font:inherit; }
  input[name=user_code] { font:600 22px/1.2 ui-monospace,SFMono-Regular,Menlo,monospace; letter-spacing:.12em; text-transform:uppercase; text-align:center; }
  button { margin-top:24px; width:100%; padding:12px; border:0; border-radius:10px; background:var(--accent); color:#fff; font:600 16px system-ui,sans-serif; cursor:pointer; }
  .error { color:var(--bad); margin:16px 0 0; }
  .done { color:var(--good); font-weight:600; }
  .brand { font-weight:700; letter-spacing:-.01em; color:var(--accent); margin-bottom:16px; }
</style>
</head>
<body>
<main>
  <div class="brand">Frameshot</div>
  ${
    state.done
      ? html`<h1>CLI login approved</h1><p class="done">Code ${state.code} is approved. Return to your terminal: it now has its own API key.</p>`
      : html`<h1>Approve a CLI login</h1>
  <p>Check that the code below matches the one in your terminal, then paste an API key of your account to let the CLI in. The CLI gets a new key of its own with the same scopes.</p>
  <form method="post" action="/device">
    <label for="user_code">Code</label>
    <input id="user_code" name="user_code" value="${state.code}" placeholder="XXXX-XXXX" autocomplete="off" required>
    <label for="api_key">Your API key</label>
    <input id="api_key" name="api_key" type="password" placeholder="sf_live_…" autocomplete="off" required>
    ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ''}
    <button type="submit">Approve</button>
  </form>`
  }
</main>
</body>
</html>`;
}
