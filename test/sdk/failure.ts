/** The FrameshotError a promise rejects with (the test fails when it resolves or rejects otherwise). */
import { FrameshotError } from '@frameshot/sdk';
import { expect } from 'vitest';

export async function failure(promise: Promise<unknown>): Promise<FrameshotError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FrameshotError);
  return err as FrameshotError;
}
