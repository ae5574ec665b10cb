import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/stack.ts';
import { type ApiServer, runCli, startApiServer, startFakeApi, tempDir } from './cli.ts';

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api?.close());

/** Approves a code on the server's /device page the way a person does: the code plus one of their keys. */
const approve = (userCode: string, apiKey: string) =>
  fetch(`${api.baseUrl}/device`, {
    method: 'POST',
    body: new URLSearchParams({ user_code: userCode, api_key: apiKey }),
  });

describe('frameshot login', () => {
  it('shows the code, waits for approval on /device, and saves a new key with mode 600 for later commands', async () => {
    const owner = await createTestAccount(api.deps, { credits: 77 });
    const config = await tempDir();
    let approval: Promise<Response> | undefined;
    const run = await runCli(['login', '--base-url', api.baseUrl], {
      env: { XDG_CONFIG_HOME: config },
      onStderr(soFar) {
        const code = /^ {4}([A-Z0-9]{4}-[A-Z0-9]{4})$/m.exec(soFar)?.[1];
        if (code && !approval) approval = approve(code, owner.apiKey);
      },
    });
    expect((await approval!).status).toBe(200);
    expect(run.stderr).toContain(`open ${api.baseUrl}/device and enter the code`);
    expect(run.stderr).toMatch(new RegExp(`${api.baseUrl}/device\\?code=[A-Z0-9]{4}-[A-Z0-9]{4}`));
    expect(run.code).toBe(0);
    const file = join(config, 'frameshot', 'config.json');
    expect(run.stdout).toMatch(
      new RegExp(
        `^Logged in to ${api.baseUrl} as ${owner.accountId} \\(key key_\\w+\\)\\. Saved to ${file}\\n$`,
      ),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ base_url: api.baseUrl, account_id: owner.accountId });
    expect(saved.api_key).toMatch(/^sf_live_/);
    expect(saved.api_key).not.toBe(owner.apiKey);

    // Later commands use the saved server and key…
    const status = await runCli(['status'], { env: { XDG_CONFIG_HOME: config } });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Credits: +77 remaining of [\d,]+ monthly$/m);
    expect(status.stdout).toMatch(new RegExp(`^Account: +${owner.accountId}$`, 'm'));
    // …but never send it to another server.
    const elsewhere = await runCli(['status', '--base-url', 'http://127.0.0.1:1'], {
      env: { XDG_CONFIG_HOME: config },
    });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('No API key for http://127.0.0.1:1');
  });

  // The real server never denies and expires codes only after 900 s: a stand-in answers those.
  it('adds 5 s on slow_down, and stops with exit 1, saving nothing, when denied or expired', async () => {
    for (const [answers, message] of [
      [['slow_down', 'access_denied'], 'The login was denied in the browser.'],
      [['authorization_pending', 'expired_token'], 'The code expired before it was approved.'],
    ] as const) {
      const queue: string[] = [...answers];
      const fake = await startFakeApi({
        'POST /v1/device/code': () => ({
          status: 200,
          body: {
            device_code: 'dc_1',
            user_code: 'WDJB-MJHT',
            verification_uri: 'http://x/device',
            expires_in: 900,
            interval: 0,
          },
        }),
        'POST /v1/device/token': () => ({
          status: 400,
          body: { error: { code: queue.shift(), message: '…' } },
        }),
      });
      const config = await tempDir();
      const started = Date.now();
      const run = await runCli(['login', '--base-url', fake.baseUrl], { env: { XDG_CONFIG_HOME: config } });
      await fake.close();
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(message);
      if (answers[0] === 'slow_down') expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
      expect(fake.requests.filter((r) => r.path === '/v1/device/token')).toHaveLength(2);
      await expect(stat(join(config, 'frameshot', 'config.json'))).rejects.toThrow(/ENOENT/);
    }
  });
});
