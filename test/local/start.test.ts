import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../lib/local/ports.ts';
import { processesMatching, runScript } from '../helpers/processes.ts';

const START = 'scripts/start.ts';

async function startStack(dataDir: string, port: number) {
  const run = runScript(START, [], {
    PORT: String(port),
    FRAMESHOT_DATA_DIR: dataDir,
    FRAMESHOT_LOG_LEVEL: 'ERROR',
  });
  await run.waitFor(/ready in/);
  return run;
}

async function stop(run: ReturnType<typeof runScript>) {
  run.child.kill('SIGINT');
  return run.exited;
}

describe('npm start (the embedded default)', () => {
  it('creates a key on first start, keeps it across a restart, and leaves no process behind, even signalled twice', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'frameshot-start-'));
    const port = await freePort();
    const first = await startStack(dataDir, port);
    expect(first.output()).toMatch(
      /curl -s -X POST http:\/\/localhost:\d+\/v1\/capture -H "Authorization: Bearer sf_live_/,
    );
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'api-key.json'), 'utf8'));
    const authed = await fetch(`http://127.0.0.1:${port}/v1/renders`, {
      headers: { Authorization: `Bearer ${saved.api_key}` },
    });
    expect(authed.status).toBe(200);
    expect(processesMatching(dataDir).length).toBeGreaterThan(0);

    expect(await stop(first)).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(processesMatching(dataDir)).toEqual([]);

    const second = await startStack(dataDir, port);
    expect(second.output()).toContain(`using local account ${saved.account_id}`);
    const again = await fetch(`http://127.0.0.1:${port}/v1/renders?api_key=${saved.api_key}`);
    expect(again.status).toBe(200);
    // The signal twice, as `pkill -f scripts/start.ts` sends it to tsx and to its child.
    second.child.kill('SIGTERM');
    await second.waitFor(/stopping/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(processesMatching(dataDir)).toEqual([]);
  });

  it('says in one line that the port is in use', async () => {
    const blocker = net.createServer().listen(0, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const run = runScript(START, [], {
      PORT: String(port),
      FRAMESHOT_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'fs-')),
    });
    expect(await run.exited).toBe(1);
    blocker.close();
    expect(run.output().trim()).toMatch(
      new RegExp(`^frameshot: Port ${port} is in use: .*PORT=\\d+ npm start`, 'm'),
    );
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('says in one line that Java is missing', async () => {
    const run = runScript(START, [], {
      PORT: String(await freePort()),
      FRAMESHOT_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'fs-')),
      PATH: '/nonexistent',
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/DynamoDB Local needs a Java runtime .* install one/);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('says in one line what to do with a corrupt data folder', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fs-'));
    writeFileSync(path.join(dataDir, 'secrets.json'), '{not json');
    const run = runScript(START, [], { PORT: String(await freePort()), FRAMESHOT_DATA_DIR: dataDir });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/unreadable\. Move the data folder aside \(mv .*\.bak\)/);
    expect(processesMatching(dataDir)).toEqual([]);
  });
});
