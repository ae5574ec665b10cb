// @ts-check
/**
 * @module cli/lib/auth-browser
 * The browser half of `frameshot auth login`: find a Chromium that can show a window, open the
 * login page, remember which origins the person visits, and afterwards read the cookies
 * (`Storage.getCookies` through `browser.cookies()`) and localStorage that belong to the profile's
 * domain. Imported only by that command: puppeteer-core stays out of every other one.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';
import { getDomain } from 'tldts';
import { CliError } from './errors.js';

/**
 * @import { Browser, Cookie, LaunchOptions, Page } from 'puppeteer-core'
 * @typedef {{ name: string, value: string, domain: string, path: string, expires?: number,
 *   httpOnly: boolean, secure: boolean, sameSite?: 'Strict' | 'Lax' | 'None' }} ProfileCookie
 * @typedef {{ cookies: ProfileCookie[], local_storage: Record<string, Record<string, string>>,
 *   skippedCookies: number }} RecordedSession
 * @typedef {{ browser: Browser, visited: Set<string> }} LoginBrowser
 */

/** Desktop browsers that can open a window, by platform (the bundled Chromium cannot). */
const DESKTOP_BROWSERS = /** @type {Record<string, string[]>} */ ({
  linux: [
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    `${process.env.PROGRAMFILES}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)']}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env.LOCALAPPDATA}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)']}\\Microsoft\\Edge\\Application\\msedge.exe`,
  ],
});

/** Switches of @sparticuz/chromium that would break a multi-page session. */
const DROPPED = new Set(['--single-process', "--headless='shell'"]);

/** The registrable domain of the login page (`app.example.co.uk` → `example.co.uk`); hosts
 * without one (an IP, `localhost`) stand for themselves. @param {string} loginUrl */
export function profileDomain(loginUrl) {
  const host = new URL(loginUrl).hostname.replace(/^\[|\]$/g, '');
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** @param {string} host @param {string} domain */
export const belongsTo = (host, domain) => host === domain || host.endsWith(`.${domain}`);

/** @param {string} path */
const isExecutable = (path) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/**
 * @param {{ headed: boolean, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<LaunchOptions>}
 */
async function launchOptions({ headed, env }) {
  const common = { defaultViewport: null, ignoreDefaultArgs: ['--enable-automation'] };
  const desktopArgs = ['--no-first-run', '--no-default-browser-check'];
  if (env.FRAMESHOT_CHROMIUM_PATH) {
    return { ...common, executablePath: env.FRAMESHOT_CHROMIUM_PATH, headless: !headed, args: desktopArgs };
  }
  if (headed) {
    for (const path of DESKTOP_BROWSERS[process.platform] ?? []) {
      if (await isExecutable(path))
        return { ...common, executablePath: path, headless: false, args: desktopArgs };
    }
  }
  const { default: chromium } = await import('@sparticuz/chromium');
  const executablePath = await chromium.executablePath();
  if (headed) {
    // @sparticuz/chromium is a chrome-headless-shell build: it never draws a window.
    throw new CliError('No desktop Chrome or Chromium found to open the login window.', {
      details: [
        `The bundled Chromium (${executablePath}) is headless-only.`,
        'Install Google Chrome or Chromium, or point FRAMESHOT_CHROMIUM_PATH at one.',
      ],
    });
  }
  return { ...common, executablePath, headless: 'shell', args: chromium.args.filter((a) => !DROPPED.has(a)) };
}

/** @param {Page} page @param {Set<string>} visited */
function track(page, visited) {
  page.on('framenavigated', (frame) => {
    const url = frame.url();
    if (/^https?:/.test(url)) visited.add(new URL(url).origin);
  });
}

/**
 * Opens the login page in a fresh profile and starts remembering visited origins.
 * @param {string} loginUrl
 * @param {{ headed: boolean, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<LoginBrowser>}
 */
export async function openLoginBrowser(loginUrl, { headed, env = process.env }) {
  const browser = await puppeteer.launch(await launchOptions({ headed, env }));
  /** @type {Set<string>} */
  const visited = new Set();
  browser.on('targetcreated', async (target) => {
    const page = target.type() === 'page' ? await target.page() : null;
    if (page) track(page, visited);
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  track(page, visited);
  try {
    await page.goto(loginUrl, { waitUntil: 'domcontentloaded' });
  } catch (err) {
    await browser.close();
    throw new CliError(`Could not open ${loginUrl}: ${/** @type {Error} */ (err).message}`);
  }
  return { browser, visited };
}

/** Runs in the page: its origin's localStorage as an object. */
const readLocalStorage = () => {
  /** @type {Record<string, string>} */
  const items = {};
  for (let i = 0; i < localStorage.length; i++) {
    const key = /** @type {string} */ (localStorage.key(i));
    items[key] = /** @type {string} */ (localStorage.getItem(key));
  }
  return items;
};

/**
 * localStorage of an origin no page shows any more: load an empty document at that origin
 * (answered here, nothing is sent to the site) and read it there.
 * @param {Browser} browser
 * @param {string} origin
 */
async function storageOfClosedOrigin(browser, origin) {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on('request', (request) =>
      request.url().startsWith(`${origin}/`)
        ? request.respond({
            status: 200,
            contentType: 'text/html',
            body: '<!doctype html><title>frameshot</title>',
          })
        : request.abort(),
    );
    await page.goto(`${origin}/`);
    return await page.evaluate(readLocalStorage);
  } finally {
    await page.close();
  }
}

/** @param {Cookie} c @returns {ProfileCookie} */
const profileCookie = (c) => ({
  name: c.name,
  value: c.value,
  domain: c.domain,
  path: c.path,
  ...(c.session || c.expires < 0 ? {} : { expires: Math.floor(c.expires) }),
  httpOnly: Boolean(c.httpOnly),
  secure: c.secure,
  // Chromium's "Default" means no attribute, which is how the API takes it too.
  ...(c.sameSite && c.sameSite !== 'Default' ? { sameSite: c.sameSite } : {}),
});

/**
 * The session as an auth profile wants it: cookies of `domain` and its subdomains, and the
 * localStorage of every visited origin on them. Other sites' cookies (an identity provider,
 * trackers) are left behind.
 * @param {LoginBrowser} session
 * @param {string} domain
 * @returns {Promise<RecordedSession>}
 */
export async function recordSession({ browser, visited }, domain) {
  const all = await browser.cookies();
  // A nameless cookie (`document.cookie = "x"`) has no place in a profile's cookie list.
  const cookies = all
    .filter((c) => c.name !== '' && belongsTo(c.domain.replace(/^\./, ''), domain))
    .map(profileCookie);
  const origins = [...visited].filter((o) => belongsTo(new URL(o).hostname, domain));
  /** @type {Record<string, Record<string, string>>} */
  const storage = {};
  for (const page of await browser.pages()) {
    for (const frame of page.frames()) {
      const origin = /^https?:/.test(frame.url()) ? new URL(frame.url()).origin : undefined;
      if (!origin || !origins.includes(origin) || storage[origin]) continue;
      storage[origin] = await frame.evaluate(readLocalStorage).catch(() => ({}));
    }
  }
  for (const origin of origins) storage[origin] ??= await storageOfClosedOrigin(browser, origin);
  const local_storage = Object.fromEntries(
    Object.entries(storage).filter(([, items]) => Object.keys(items).length),
  );
  return { cookies, local_storage, skippedCookies: all.length - cookies.length };
}
