// @ts-check
/**
 * @module cli/lib/commands/login
 * `frameshot login [--base-url …]`: the device authorization grant (contract §11). Asks the
 * server for a code, shows it with the page where a person approves it, polls until the key is
 * issued (slowing down when asked), and stores it in the config file (mode 600).
 */
import { parseArgs } from 'node:util';
import { FrameshotError } from '@frameshot/sdk';
import { createClient, sleep } from '../api.js';
import { resolveSettings, saveConfig } from '../config.js';
import { CliError, UsageError } from '../errors.js';
import { startProgress } from '../progress.js';

export const help = `Usage: frameshot login [--base-url <url>]

Starts a device login: prints a code and a URL; open the URL, enter the code (the page asks for
an existing key of your account to approve it) and the CLI receives a new API key. The key is
stored in $XDG_CONFIG_HOME/frameshot/config.json (or ~/.config/frameshot/config.json), readable
only by you, and used by every command against the same server. FRAMESHOT_API_KEY, when set,
still wins.

Options:
      --base-url <url>   the server to log in to (default: FRAMESHOT_BASE_URL or http://localhost:8787)
  -q, --quiet            no waiting display
  -h, --help

Example:
  frameshot login --base-url https://shots.example.com`;

/**
 * @typedef {import('@frameshot/sdk').components['schemas']['DeviceCode']} DeviceCode
 * @typedef {import('@frameshot/sdk').components['schemas']['DeviceGrant']} DeviceToken
 */

/** Seconds added to the polling interval on `slow_down` (RFC 8628 §3.5). */
const SLOW_DOWN_S = 5;

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
export async function run(argv, env) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'base-url': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${help}\n`);
  if (positionals.length) throw new UsageError(`Unexpected ${positionals.join(' ')}`, 'login');
  const { baseUrl } = await resolveSettings({ baseUrl: values['base-url'] }, env);
  const client = createClient({ baseUrl });

  const code = await client.call('createDeviceCode');
  process.stderr.write(
    `\nTo log in, open ${code.verification_uri} and enter the code:\n\n    ${code.user_code}\n\n` +
      (code.verification_uri_complete
        ? `or open this link directly:\n    ${code.verification_uri_complete}\n\n`
        : ''),
  );
  const progress = startProgress('Waiting for approval', { quiet: Boolean(values.quiet) });
  try {
    const token = await pollForToken(client, code);
    progress.stop();
    const file = await saveConfig(
      {
        base_url: baseUrl,
        api_key: token.api_key,
        key_id: token.key_id,
        account_id: token.account_id,
        saved_at: new Date().toISOString(),
      },
      env,
    );
    process.stdout.write(
      `Logged in to ${baseUrl} as ${token.account_id} (key ${token.key_id}). Saved to ${file}\n`,
    );
  } finally {
    progress.stop();
  }
}

/**
 * @param {import('@frameshot/sdk').Frameshot} client
 * @param {DeviceCode} code
 * @returns {Promise<DeviceToken>}
 */
async function pollForToken(client, code) {
  let interval = code.interval ?? 5;
  const deadline = Date.now() + code.expires_in * 1000;
  for (;;) {
    await sleep(interval * 1000);
    try {
      return await client.call('createDeviceToken', { body: { device_code: code.device_code } });
    } catch (err) {
      if (!(err instanceof FrameshotError)) throw err;
      if (err.code === 'slow_down') interval += SLOW_DOWN_S;
      else if (err.code === 'expired_token') throw expired();
      else if (err.code === 'access_denied') {
        throw new CliError('The login was denied in the browser.', {
          details: ['Run frameshot login to try again.'],
        });
      } else if (err.code !== 'authorization_pending') throw err;
      if (Date.now() + interval * 1000 > deadline) throw expired();
    }
  }
}

const expired = () =>
  new CliError('The code expired before it was approved.', {
    details: ['Run frameshot login to get a new one.'],
  });
