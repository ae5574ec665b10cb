/**
 * An auth profile's secrets stay on the site they were given for: no profile for a public
 * suffix (github.io, co.uk), nothing stored for another domain, and a profile moved to a new
 * domain leaves its old credentials behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { openAuthProfile } from '../../lib/store/auth-profiles.ts';
import { call, createTestAccount, type TestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let owner: TestAccount;

beforeAll(async () => {
  deps = testDeps();
  app = buildApp(deps);
  owner = await createTestAccount(deps);
});

const create = (body: object) =>
  call(app, 'POST', '/v1/auth-profiles', { key: owner.apiKey, body: { name: 'site', ...body } });

describe('auth profile domains', () => {
  it.each(['github.io', 'com', 'co.uk', 'herokuapp.com', 's3.amazonaws.com'])(
    'refuses the public suffix %s, naming the field',
    async (domain) => {
      const res = await create({ domain, cookie_header: 'sid=1' });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_params');
      expect(res.json.error.details[0].path).toBe('domain');
      expect(res.json.error.message).toMatch(/public suffix/);
    },
  );

  it.each(['victim.github.io', 'app.example.co.uk', '127.0.0.1', 'example.com'])(
    'accepts %s',
    async (domain) => {
      const res = await create({ domain, cookie_header: 'sid=1' });
      expect(res.status, res.text).toBe(201);
    },
  );

  it('refuses localStorage for an origin outside the domain', async () => {
    const res = await create({
      domain: 'victim.github.io',
      local_storage: { 'https://attacker.github.io': { token: 'x' } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].path).toBe('local_storage');
    const own = await create({
      domain: 'victim.github.io',
      local_storage: { 'https://app.victim.github.io': { token: 'x' } },
    });
    expect(own.status).toBe(201);
  });

  it('drops every stored secret when the domain changes', async () => {
    const profile = await create({
      domain: 'victim.example.com',
      cookie_header: 'sid=secret',
      headers: { Authorization: 'Bearer secret' },
      local_storage: { 'https://victim.example.com': { jwt: 'secret' } },
    });
    const id = profile.json.id;
    const moved = await call(app, 'PATCH', `/v1/auth-profiles/${id}`, {
      key: owner.apiKey,
      body: { domain: 'attacker.example.net' },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.summary).toEqual({
      cookie_names: [],
      cookie_count: 0,
      local_storage_origins: [],
      local_storage_key_count: 0,
      header_names: [],
    });
    const opened = await openAuthProfile(deps.table, id, owner.accountId, deps.config.encryptionKey);
    expect(JSON.stringify(opened?.secrets)).not.toContain('secret');
  });

  it('keeps the secrets given again in the same change, and all of them when the domain stays', async () => {
    const profile = await create({
      domain: 'one.example.com',
      cookie_header: 'sid=old',
      headers: { Authorization: 'Bearer old' },
    });
    const id = profile.json.id;
    const same = await call(app, 'PATCH', `/v1/auth-profiles/${id}`, {
      key: owner.apiKey,
      body: { domain: 'one.example.com', name: 'renamed' },
    });
    expect(same.json.summary).toMatchObject({ cookie_names: ['sid'], header_names: ['Authorization'] });
    const moved = await call(app, 'PATCH', `/v1/auth-profiles/${id}`, {
      key: owner.apiKey,
      body: { domain: 'two.example.com', cookie_header: 'sid=new' },
    });
    expect(moved.json.summary).toMatchObject({ cookie_names: ['sid'], header_names: [] });
    const opened = await openAuthProfile(deps.table, id, owner.accountId, deps.config.encryptionKey);
    expect(opened?.secrets).toEqual({ cookie_header: 'sid=new' });
  });
});
