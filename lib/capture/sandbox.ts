/**
 * @module capture/sandbox
 * How Chromium is contained: its own sandbox (seccomp-bpf and namespaces around every renderer)
 * wherever the platform allows it, and an environment with nothing in it that could be a secret
 * (on AWS the process environment holds the render secret and the encryption key).
 *
 * Chromium refuses its sandbox when run as root, which is how containers and CI run. A root
 * process therefore starts Chromium as `nobody` through `setpriv`, and the sandbox comes up as
 * usual. Where no sandbox can start (no user namespaces, no `setpriv`, or Lambda, where the
 * microVM is the boundary and neither exists), Chromium runs with `--no-sandbox`, and the pool
 * says so in its stats and `/ready`.
 */
import { constants } from 'node:fs';
import { access, chmod, chown, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import type { ChromiumBinary } from './chromium.ts';
import { writeFontConfig } from './fonts.ts';

/** The switches that turn the sandbox off (Chromium needs both without one). */
export const UNSANDBOXED_ARGS = ['--no-sandbox', '--no-zygote'] as const;

/**
 * Variables Chromium may inherit: what it needs to find libraries, nothing else. Its fonts come
 * from our own fontconfig file (capture/fonts.ts), never the machine's.
 */
const PASSED_ENV = ['PATH', 'LANG', 'LC_ALL', 'LD_LIBRARY_PATH'];

/** `nobody`: owns nothing, so a renderer that escaped its sandbox could touch nothing of ours. */
const SANDBOX_USER = { uid: 65534, gid: 65534 };
const SETPRIV_PATHS = ['/usr/bin/setpriv', '/bin/setpriv'];

export interface LaunchPlan {
  executablePath: string;
  /** Sandbox switches to add to the binary's own. */
  args: string[];
  env: Record<string, string>;
  userDataDir: string;
  sandboxed: boolean;
}

/**
 * Lays out `workDir` (a fresh directory of ours, removed after the browser closes) and decides
 * how Chromium starts: `profile/` is its user-data dir, `tmp/` its TMPDIR and `fonts/` holds its
 * fontconfig file and cache.
 */
export async function planLaunch(
  binaryPath: string,
  workDir: string,
  mode: 'auto' | 'off',
  environment: NodeJS.ProcessEnv = process.env,
): Promise<LaunchPlan> {
  const userDataDir = join(workDir, 'profile');
  const tmp = join(workDir, 'tmp');
  const fonts = join(workDir, 'fonts');
  await mkdir(userDataDir);
  await mkdir(tmp);
  await mkdir(fonts);
  const env = {
    ...chromiumEnv(environment, { home: userDataDir, tmp }),
    FONTCONFIG_FILE: await writeFontConfig(fonts),
  };
  const unsandboxed = {
    executablePath: binaryPath,
    args: [...UNSANDBOXED_ARGS],
    env,
    userDataDir,
    sandboxed: false,
  };
  if (mode === 'off') return unsandboxed;
  if (process.getuid?.() !== 0) return { ...unsandboxed, args: [], sandboxed: true };
  const setpriv = await firstExecutable(SETPRIV_PATHS);
  if (!setpriv) return unsandboxed;
  await handOver(workDir, [userDataDir, tmp, fonts, join(fonts, 'fontconfig-cache')], binaryPath);
  const wrapper = join(workDir, 'chromium-as-nobody.sh');
  const { uid, gid } = SANDBOX_USER;
  await writeFile(
    wrapper,
    `#!/bin/sh\nexec ${setpriv} --reuid=${uid} --regid=${gid} --clear-groups -- ${shellQuote(binaryPath)} "$@"\n`,
    { mode: 0o755 },
  );
  return { executablePath: wrapper, args: [], env, userDataDir, sandboxed: true };
}

/** The plan without a sandbox, for when a sandboxed launch failed on this platform. */
export function withoutSandbox(plan: LaunchPlan, binaryPath: string): LaunchPlan {
  return { ...plan, executablePath: binaryPath, args: [...UNSANDBOXED_ARGS], sandboxed: false };
}

export function chromiumEnv(
  environment: NodeJS.ProcessEnv,
  dirs: { home: string; tmp: string },
): Record<string, string> {
  const env: Record<string, string> = { HOME: dirs.home, TMPDIR: dirs.tmp };
  for (const name of PASSED_ENV) {
    const value = environment[name];
    if (value) env[name] = value;
  }
  return env;
}

/** Lets `nobody` reach its directories and run the binary; nothing else of ours becomes its. */
async function handOver(workDir: string, dirs: string[], binaryPath: string): Promise<void> {
  const { uid, gid } = SANDBOX_USER;
  for (const dir of dirs) await chown(dir, uid, gid);
  await chmod(workDir, 0o711);
  // The work dir's parent (a test's private temp dir, or /tmp) must be traversable.
  await addModeBits(join(workDir, '..'), 0o011);
  // @sparticuz/chromium unpacks its binary 0700.
  await addModeBits(binaryPath, 0o055);
}

async function addModeBits(path: string, bits: number): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & bits) !== bits) await chmod(path, (mode & 0o7777) | bits);
}

async function firstExecutable(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // Not here: try the next.
    }
  }
  return undefined;
}

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export interface LaunchedChromium {
  browser: Browser;
  sandboxed: boolean;
}

/**
 * Launches Chromium in `workDir` with the sandbox where it starts. A sandboxed launch that fails
 * (a kernel without user namespaces, say) is retried once without the sandbox, and reported so.
 */
export async function launchChromium(
  binary: ChromiumBinary,
  workDir: string,
  mode: 'auto' | 'off',
  extraArgs: string[],
): Promise<LaunchedChromium> {
  const plan = await planLaunch(binary.path, workDir, mode);
  const start = (p: LaunchPlan) =>
    puppeteer.launch({
      executablePath: p.executablePath,
      headless: binary.headless,
      args: [...binary.args, ...p.args, ...extraArgs],
      userDataDir: p.userDataDir,
      env: p.env,
      // No DevTools port on 127.0.0.1: the protocol runs over a pipe.
      pipe: true,
      defaultViewport: null,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      protocolTimeout: 60_000,
    });
  try {
    return { browser: await start(plan), sandboxed: plan.sandboxed };
  } catch (err) {
    if (!plan.sandboxed) throw err;
    return { browser: await start(withoutSandbox(plan, binary.path)), sandboxed: false };
  }
}
