/**
 * @module captures/upload
 * `upload_url` (§14): the render is also PUT to the caller's presigned URL (their own bucket)
 * once it is stored. The URL obeys the target rules (§12) like a page would; the outcome is
 * reported in the answer's `upload` and never fails the render or its charge.
 */
import type { Deps } from '../deps.ts';
import { EgressError, safeFetch } from '../net/index.ts';
import type { CaptureResponse } from '../schemas/response.ts';

const UPLOAD_TIMEOUT_MS = 15_000;

export type UploadOutcome = NonNullable<CaptureResponse['upload']>;

export async function uploadRender(
  deps: Deps,
  url: string,
  bytes: Buffer,
  contentType: string,
): Promise<UploadOutcome> {
  try {
    const res = await safeFetch(url, {
      method: 'PUT',
      body: bytes,
      headers: { 'Content-Type': contentType, 'Content-Length': String(bytes.length) },
      allowPrivateTargets: deps.config.allowPrivateTargets,
      timeoutMs: UPLOAD_TIMEOUT_MS,
      maxBytes: 64 * 1024,
    });
    if (res.status >= 200 && res.status < 300) return { status: 'uploaded', http_status: res.status };
    return {
      status: 'failed',
      http_status: res.status,
      message: `The upload URL answered HTTP ${res.status}; check that it is a presigned PUT URL that has not expired.`,
    };
  } catch (err) {
    const message =
      err instanceof EgressError && err.kind === 'blocked'
        ? `${err.message}. upload_url must be a public address.`
        : `The upload could not be sent: ${(err as Error).message}`;
    deps.logger.warn('upload_url failed', { err: (err as Error).message });
    return { status: 'failed', message };
  }
}
