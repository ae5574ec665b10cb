/**
 * The local stack is for this machine only: DynamoDB Local holds every API key, so neither it
 * nor the SQS and S3 emulators may answer a neighbour on the network, and the API listens where
 * `HOST` says (loopback by default).
 */
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../../lib/local/ports.ts';
import { runScript } from '../helpers/processes.ts';

/** An address of this machine that is not loopback (the one a neighbour would reach). */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

/** Whether a TCP connection to host:port is accepted (one SYN, nothing sent). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const portOf = (url: string) => Number(new URL(url).port);

describe.skipIf(!outside)(`the local stack seen from ${outside}`, () => {
  const env = inject('stackEnv');
  const emulators = {
    'DynamoDB Local': env.AWS_ENDPOINT_URL_DYNAMODB!,
    'SQS (fauxqs)': env.AWS_ENDPOINT_URL_SQS!,
    'S3 (s3rver)': env.AWS_ENDPOINT_URL_S3!,
  };

  it.each(Object.entries(emulators))('%s refuses connections from the network', async (_, endpoint) => {
    expect(await accepts('127.0.0.1', portOf(endpoint)), 'it serves loopback').toBe(true);
    expect(await accepts(outside!, portOf(endpoint)), `it answered on ${outside}`).toBe(false);
  });

  it('the API listens on 127.0.0.1 by default and on every interface with HOST=0.0.0.0', {
    timeout: 180_000,
  }, async () => {
    for (const host of [undefined, '0.0.0.0']) {
      const port = await freePort();
      const run = runScript('scripts/start.ts', [], {
        PORT: String(port),
        FRAMESHOT_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'frameshot-host-')),
        FRAMESHOT_LOG_LEVEL: 'ERROR',
        ...(host ? { HOST: host } : {}),
      });
      try {
        await run.waitFor(/ready in/);
        expect(await accepts('127.0.0.1', port)).toBe(true);
        expect(await accepts(outside!, port), `HOST=${host ?? '(default)'}`).toBe(host === '0.0.0.0');
      } finally {
        run.child.kill('SIGINT');
        await run.exited;
      }
    }
  });
});
