/**
 * @module local/ports
 * Free-port lookup and a clear "port in use" failure for the embedded stack.
 */
import net from 'node:net';

export class StackError extends Error {
  override name = 'StackError';
}

/** Resolves with `port` when it can be bound on 127.0.0.1, else with a free port (when `fallback`). */
export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
    });
  });
}

export async function portOrFree(preferred: number): Promise<number> {
  return freePort(preferred).catch(() => freePort(0));
}
