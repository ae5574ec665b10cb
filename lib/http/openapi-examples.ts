/**
 * @module http/openapi-examples
 * Realistic bodies for the OpenAPI document: one render, job, project, profile… that the
 * operations quote, so every example in the reference tells the same story (the README's
 * `example.com` on a MacBook with the sunset background).
 */

const BASE = 'https://frameshot.example.com';
export const IDS = {
  render: 'cap_01JDQ8ZQ3V7K2M5N8P4R6T9W0X',
  job: 'job_01JDQ90A4B6C8D0E2F4G6H8J0K',
  project: 'prj_01JDQ7MW5X2Y4Z6A8B0C2D4E6F',
  profile: 'ap_01JDQ7RT8V0W2X4Y6Z8A0B2C4D',
  account: 'acct_01JDQ6PN3Q5R7S9T1V3W5X7Y9Z',
  key: 'key_01JDQ6QA2B4C6D8E0F2G4H6J8K',
  request: 'req_01JDQ8ZQ2M4N6P8R0S2T4V6W8X',
} as const;

const CREATED = '2026-04-27T15:00:00.000Z';
const RENDER_URL = `${BASE}/r/${IDS.render}.png?expires=1780326000&sig=4f1c9a0e7b2d5c8f3a6e9b1d4c7f0a2e5b8d1c4f7a0e3b6d9c2f5a8e1b4d7c0a`;

export const CAPTURE_REQUEST = {
  url: 'https://example.com',
  device: 'macbook-pro-16',
  background_preset: 'sunset',
};

export const RAW_REQUEST = { url: 'https://example.com', full_page: true, output: { format: 'webp' } };

export const CAPTURE_RESPONSE = {
  id: IDS.render,
  url: RENDER_URL,
  width: 2400,
  height: 1600,
  format: 'png',
  duration_ms: 3412,
  credits_used: 3,
  cached: false,
  warnings: [],
  created_at: CREATED,
};

export const ACCEPTED_JOB = { job_id: IDS.job, status: 'pending' };

export const JOB = {
  id: IDS.job,
  status: 'completed',
  stage: 'done',
  result: { ...CAPTURE_RESPONSE, duration_ms: 5120 },
  error: null,
  attempts: 1,
  webhook_url: 'https://hooks.example.com/frameshot',
  webhook_status: 'delivered',
  created_at: CREATED,
  started_at: '2026-04-27T15:00:00.412Z',
  completed_at: '2026-04-27T15:00:05.532Z',
};

export const RENDER = {
  id: IDS.render,
  url: RENDER_URL,
  width: 2400,
  height: 1600,
  format: 'png',
  bytes: 1843221,
  kind: 'capture',
  source_url: 'https://example.com/',
  created_at: CREATED,
  expires_at: '2026-05-27T15:00:00.000Z',
};

export const USAGE = {
  credits_remaining: 1994,
  credits_monthly: 2000,
  plan: 'starter',
  period_end: '2026-05-01T00:00:00.000Z',
  last_30_days: { render_count: 2, credits_used: 6 },
  daily_breakdown: [
    { day: '2026-04-26', renders: 0, credits: 0 },
    { day: '2026-04-27', renders: 2, credits: 6 },
  ],
};

/** A project's own bucket (§14), here on Cloudflare R2; the secret only ever goes in. */
const STORAGE = {
  endpoint: 'https://7c1f0e5a9b2d.r2.cloudflarestorage.com',
  region: 'auto',
  bucket: 'acme-screenshots',
  prefix: 'marketing/',
  access_key_id: '4f8a1c2e9b7d6053a1e2f3c4d5b6a798',
};

export const NEW_PROJECT = {
  name: 'Marketing site',
  defaults: { device: 'macbook-pro-16', background_preset: 'sunset', shadow: 'float' },
  brand: { name: 'Acme', colors: { primary: '#ff5a1f', secondary: '#1f6fff' }, font: 'Inter' },
  storage: { ...STORAGE, secret_access_key: 'docs-only-not-a-real-secret-3f9c2a7e5b1d8c4f6a0e' },
};

export const PROJECT = {
  id: IDS.project,
  account_id: IDS.account,
  ...NEW_PROJECT,
  storage: { ...STORAGE, secret_access_key_set: true },
  signed_url_max_ttl: 31536000,
  created_at: CREATED,
  updated_at: CREATED,
};

export const PROJECT_SECRETS = {
  project_id: IDS.project,
  signing_secret: 'fss_Zm9yLWRvY3Mtb25seS1ub3QtYS1yZWFsLXNlY3JldC0wMDE',
  previous_signing_secret_valid_until: null,
  webhook_secret: 'whsec_ZG9jcy1vbmx5LXdlYmhvb2stc2VjcmV0MDA=',
};

export const NEW_AUTH_PROFILE = {
  name: 'Staging admin',
  domain: 'app.example.com',
  project_id: IDS.project,
  cookies: [
    { name: 'session', value: 's%3A9f8e7d6c', domain: 'app.example.com', secure: true, httpOnly: true },
  ],
  headers: { 'X-Preview-Token': 'preview-123' },
};

export const AUTH_PROFILE = {
  id: IDS.profile,
  account_id: IDS.account,
  project_id: IDS.project,
  name: 'Staging admin',
  domain: 'app.example.com',
  summary: {
    cookie_names: ['session'],
    cookie_count: 1,
    local_storage_origins: [],
    local_storage_key_count: 0,
    header_names: ['X-Preview-Token'],
  },
  version: 1,
  created_at: CREATED,
  updated_at: CREATED,
};

export const PROFILE_TEST = {
  ok: true,
  final_url: 'https://app.example.com/dashboard',
  status: 200,
  title: 'Dashboard — Acme',
  looks_logged_out: false,
};

export const deleted = (id: string) => ({ id, deleted: true });

const BACKGROUNDS = `${BASE}/v1/backgrounds`;
const PRISM = ['#fdf2f8', '#f472b6', '#fb923c', '#a78bfa', '#38bdf8'];
export const BACKGROUND = {
  background: 'glass/prism',
  pack: 'glass',
  slug: 'prism',
  name: 'Prism',
  type: 'glass',
  theme: 'light',
  tags: ['glass', 'fractal', 'frosted', 'refraction', 'texture', 'vivid', 'rainbow'],
  colors: PRISM.slice(0, 4),
  thumbnail_url: `${BACKGROUNDS}/glass/prism/thumbnail.webp?v=3f9a1c2e`,
  params: { background: 'glass/prism', shadow: 'soft' },
  generator: { seed: 1042, palette: PRISM, params: { ribs: 28 } },
};

export const PACK = {
  slug: 'glass',
  name: 'Fluted glass',
  description: 'Bold colour seen through reeded glass: ribs that bend the light, crisp at any size.',
  types: ['glass'],
  themes: ['light', 'dark'],
  tags: ['glass', 'fractal', 'frosted', 'refraction', 'texture'],
  count: 12,
  thumbnail_url: BACKGROUND.thumbnail_url,
  backgrounds_url: `${BACKGROUNDS}?pack=glass`,
};

export const DEVICE_CODE = {
  device_code: 'dc_4q9Zt1xW8bK2mN7pR3sV6yA0cE5gH',
  user_code: 'WDJB-MJHT',
  verification_uri: `${BASE}/device`,
  verification_uri_complete: `${BASE}/device?code=WDJB-MJHT`,
  expires_in: 900,
  interval: 5,
};

export const DEVICE_GRANT = {
  api_key: 'sf_live_3kQ9vX2mB7nR4tY8wZ1cF6hJ0pL5sD',
  key_id: IDS.key,
  account_id: IDS.account,
};

export const RENDER_FILE = `${IDS.render}.png`;
export const RENDER_LINK_QUERY = {
  expires: '1780326000',
  sig: '4f1c9a0e7b2d5c8f3a6e9b1d4c7f0a2e5b8d1c4f7a0e3b6d9c2f5a8e1b4d7c0a',
};

/** A signed capture URL's extra query pairs (§5). */
export const SIGNED_QUERY = {
  url: 'example.com',
  device: 'iphone-16-pro',
  project_id: IDS.project,
  expires: '1780326000',
  signature: '9b2e4d6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b',
};
