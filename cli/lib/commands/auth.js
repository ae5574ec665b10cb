// @ts-check
/**
 * @module cli/lib/commands/auth
 * `frameshot auth login --url <login page> [--name N] [--project prj_…]`: log in to a site in a
 * real browser window, then save its cookies and localStorage as an auth profile
 * (`POST /v1/auth-profiles`, contract §8) so captures can see logged-in pages.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createClient } from '../api.js';
import { requireKey, resolveSettings } from '../config.js';
import { CliError, UsageError } from '../errors.js';

export const help = `Usage: frameshot auth login --url <login page> [--name <name>] [--project prj_…]

Opens a browser window at the login page. Log in as usual (2FA, SSO and captchas work: it is
a normal browser), then press Enter in this terminal. The cookies and localStorage of the login
page's domain (e.g. example.com for https://app.example.com/login, subdomains included) are
uploaded as an auth profile; cookies of other sites are left out. Use the printed id with
frameshot capture … --auth_profile_id ap_….

Needs a display and a desktop Chrome or Chromium (or FRAMESHOT_CHROMIUM_PATH): the bundled
headless Chromium cannot show a window.

Options:
      --url <url>          the login page
      --name <name>        profile name (default: the domain)
      --project <prj_…>    attach the profile to a project
      --base-url <url>     server
  -h, --help

Example:
  frameshot auth login --url https://app.example.com/login --name "example admin"`;

/** @param {NodeJS.ProcessEnv} env */
export const hasDisplay = (env) =>
  process.platform === 'darwin' || process.platform === 'win32' || Boolean(env.DISPLAY);

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
export async function run(argv, env) {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help')
    return void process.stdout.write(`${help}\n`);
  if (sub !== 'login')
    throw new UsageError(`Unknown auth command "${sub}". Try: frameshot auth login --url …`, 'auth');
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      url: { type: 'string' },
      name: { type: 'string' },
      project: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${help}\n`);
  if (positionals.length) throw new UsageError(`Unexpected ${positionals.join(' ')}`, 'auth');
  const loginUrl = values.url;
  if (!loginUrl || !/^https?:\/\/[^/]/i.test(loginUrl)) {
    throw new UsageError('--url <login page> is required (an http:// or https:// URL)', 'auth');
  }
  if (values.project !== undefined && !/^prj_[A-Za-z0-9]+$/.test(values.project)) {
    throw new UsageError('--project takes a project id (prj_…)', 'auth');
  }
  const settings = await resolveSettings({ baseUrl: values['base-url'] }, env);
  const client = createClient({ baseUrl: settings.baseUrl, apiKey: requireKey(settings) });
  if (!hasDisplay(env)) {
    throw new CliError(
      'frameshot auth login opens a browser window to log in, and there is no display here (DISPLAY is not set).',
      {
        details: [
          'Run it on a machine with a desktop (or over ssh -X),',
          'or create the profile from exported cookies with POST /v1/auth-profiles.',
        ],
      },
    );
  }

  const { openLoginBrowser, profileDomain, recordSession } = await import('../auth-browser.js');
  const domain = profileDomain(loginUrl);
  const session = await openLoginBrowser(loginUrl, { headed: true, env });
  let recorded;
  try {
    process.stderr.write(
      `A browser window opened at ${loginUrl}.\nLog in there, then press Enter here to save the session for ${domain} (Ctrl-C cancels).\n`,
    );
    await enterOrClosed(session.browser);
    recorded = await recordSession(session, domain);
  } finally {
    await session.browser.close().catch(() => undefined);
  }
  const origins = Object.keys(recorded.local_storage).length;
  if (!recorded.cookies.length && !origins) {
    throw new CliError(`Nothing to save: no cookies or localStorage for ${domain}. Did the login finish?`);
  }
  process.stderr.write(
    `Recorded ${recorded.cookies.length} cookies and localStorage of ${origins} origin${origins === 1 ? '' : 's'} for ${domain}` +
      (recorded.skippedCookies ? ` (left out ${recorded.skippedCookies} cookies of other sites).\n` : '.\n'),
  );
  const profile = await client.authProfiles.create({
    name: values.name ?? domain,
    domain,
    ...(values.project ? { project_id: values.project } : {}),
    cookies: recorded.cookies,
    local_storage: recorded.local_storage,
  });
  process.stderr.write(
    `Saved. Capture with: frameshot capture ${loginUrl} --auth_profile_id ${profile.id}\n`,
  );
  process.stdout.write(`${profile.id}\n`);
}

/**
 * Resolves when Enter is pressed; rejects when the window is closed first.
 * @param {import('puppeteer-core').Browser} browser
 */
function enterOrClosed(browser) {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  /** @type {() => void} */
  let closed = () => undefined;
  return new Promise((resolve, reject) => {
    closed = () => reject(new CliError('The browser was closed before the session was saved.'));
    browser.once('disconnected', closed);
    rl.once('line', () => resolve(undefined));
    rl.once('close', () => reject(new CliError('Input ended before Enter was pressed; nothing was saved.')));
  }).finally(() => {
    browser.off('disconnected', closed);
    rl.close();
  });
}
