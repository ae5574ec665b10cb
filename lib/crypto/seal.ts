/**
 * @module crypto/seal
 * Secrets at rest (webhook secrets, auth profiles): AES-256-GCM envelope encryption. Each sealed
 * value has its own random data key, itself encrypted under the deployment's master key
 * (FRAMESHOT_ENCRYPTION_KEY), so rotating the master key means re-wrapping data keys only.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  v: 1;
  /** Data key wrapped by the master key: iv ‖ tag ‖ ciphertext, base64. */
  dk: string;
  /** Payload under the data key: iv ‖ tag ‖ ciphertext, base64. */
  ct: string;
}

export class SealError extends Error {
  override name = 'SealError';
}

function masterKey(b64: string | undefined): Buffer {
  const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new SealError('FRAMESHOT_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  return key;
}

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

function gcmDecrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

/** `context` (e.g. the owning record's id) is bound as associated data: a sealed value moved to another record fails to open. */
export function seal(masterKeyB64: string | undefined, plaintext: string, context: string): Sealed {
  const dataKey = randomBytes(32);
  return {
    v: 1,
    dk: gcmEncrypt(masterKey(masterKeyB64), dataKey, `dk:${context}`),
    ct: gcmEncrypt(dataKey, Buffer.from(plaintext, 'utf8'), context),
  };
}

export function unseal(masterKeyB64: string | undefined, sealed: Sealed, context: string): string {
  try {
    const dataKey = gcmDecrypt(masterKey(masterKeyB64), sealed.dk, `dk:${context}`);
    return gcmDecrypt(dataKey, sealed.ct, context).toString('utf8');
  } catch (err) {
    if (err instanceof SealError) throw err;
    throw new SealError(
      'A sealed secret could not be opened: wrong FRAMESHOT_ENCRYPTION_KEY or tampered data',
    );
  }
}
