/** Types of `auth-browser.js` (the browser half of `frameshot auth login`). Keep in step with the JSDoc there. */
import type { Browser } from 'puppeteer-core';

export interface ProfileCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires?: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: string;
}
export interface RecordedSession {
  cookies: ProfileCookie[];
  local_storage: Record<string, Record<string, string>>;
  skippedCookies: number;
}
export interface LoginBrowser {
  browser: Browser;
  visited: Set<string>;
}

export function profileDomain(loginUrl: string): string;
export function belongsTo(host: string, domain: string): boolean;
export function openLoginBrowser(
  loginUrl: string,
  options: { headed: boolean; env?: NodeJS.ProcessEnv },
): Promise<LoginBrowser>;
export function recordSession(session: LoginBrowser, domain: string): Promise<RecordedSession>;
