// @ts-check
/**
 * @module cli/lib/config
 * Where the CLI finds its server and key: flags, then `FRAMESHOT_BASE_URL` / `FRAMESHOT_API_KEY`,
 * then the config file `frameshot login` writes (`$XDG_CONFIG_HOME/frameshot/config.json` or
 * `~/.config/frameshot/config.json`, mode 600), then the local default.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, UsageError } from './errors.js';

export const DEFAULT_BASE_URL = 'http://localhost:8787';

/**
 * @typedef {{ base_url?: string, api_key?: string, key_id?: string, account_id?: string,
 *   saved_at?: string }} ConfigFile
 * @typedef {{ baseUrl: string, apiKey?: string, keySource?: 'env' | 'config',
 *   accountId?: string, configFile: string }} Settings
 */

/** @param {NodeJS.ProcessEnv} env */
export function configPath(env) {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'frameshot', 'config.json');
}

/**
 * @param {string} raw
 * @param {string} [from] where the value came from, for the message
 */
export function normalizeBaseUrl(raw, from = '--base-url') {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`Invalid ${from} "${raw}". Give an http(s) URL such as ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`Invalid ${from} "${raw}". Only http:// and https:// are supported`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** @param {NodeJS.ProcessEnv} env @returns {Promise<ConfigFile>} */
export async function readConfig(env) {
  const file = configPath(env);
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') return {};
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON. Fix it, delete it, or run: frameshot login`);
  }
}

/**
 * Replaces the config file atomically; only its owner can read it (it holds a key).
 * @param {ConfigFile} config
 * @param {NodeJS.ProcessEnv} env
 */
export async function saveConfig(config, env) {
  const file = configPath(env);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return file;
}

/**
 * The server and key a command talks to. The config file's key is used only against the server
 * it was issued by, so `--base-url` pointing elsewhere never sends it to another host.
 * @param {{ baseUrl?: string }} flags
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<Settings>}
 */
export async function resolveSettings(flags, env) {
  const config = await readConfig(env);
  const configBase = config.base_url
    ? normalizeBaseUrl(config.base_url, 'base_url in the config file')
    : undefined;
  const baseUrl = flags.baseUrl
    ? normalizeBaseUrl(flags.baseUrl)
    : env.FRAMESHOT_BASE_URL
      ? normalizeBaseUrl(env.FRAMESHOT_BASE_URL, 'FRAMESHOT_BASE_URL')
      : (configBase ?? DEFAULT_BASE_URL);
  const configFile = configPath(env);
  if (env.FRAMESHOT_API_KEY) return { baseUrl, apiKey: env.FRAMESHOT_API_KEY, keySource: 'env', configFile };
  if (config.api_key && (configBase ?? DEFAULT_BASE_URL) === baseUrl) {
    return { baseUrl, apiKey: config.api_key, keySource: 'config', accountId: config.account_id, configFile };
  }
  return { baseUrl, configFile };
}

/** @param {Settings} settings @returns {string} */
export function requireKey(settings) {
  if (settings.apiKey) return settings.apiKey;
  throw new CliError(`No API key for ${settings.baseUrl}.`, {
    exitCode: 2,
    details: [
      'Set FRAMESHOT_API_KEY, or run: frameshot login' +
        (settings.baseUrl === DEFAULT_BASE_URL ? '' : ` --base-url ${settings.baseUrl}`),
    ],
  });
}
