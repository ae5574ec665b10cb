/**
 * @module http/middleware/signed-url
 * Verifies a signed capture URL (§5) and turns it into the project owner's authentication: the
 * signature must match the project's signing secret (or the previous one, for 24 h after a
 * rotation) in constant time; expired or tampered URLs and unknown projects are 401; an `expires`
 * beyond the project's `signed_url_max_ttl` is 400.
 */
import { ApiError, InvalidParams } from '../../errors.ts';
import { hasPrefix } from '../../ids.ts';
import { readSignedQuery, signatureMatches } from '../../signing/capture-url.ts';
import { recentAccount } from '../../store/accounts.ts';
import { getProject, projectSecrets } from '../../store/projects.ts';
import type { Table } from '../../store/table.ts';
import type { Auth } from '../env.ts';

const unauthorized = (message: string) => new ApiError('unauthorized', 401, message);

export function signedUrlVerifier(options: {
  table: Table;
  masterKey: string | undefined;
  now: () => number;
}) {
  const { table, masterKey, now } = options;
  return async function verifySignedUrl(search: string): Promise<Auth> {
    const query = readSignedQuery(search);
    if (!query) throw unauthorized('Missing signature');
    if (!hasPrefix(query.projectId, 'prj'))
      throw unauthorized('A signed URL needs the project_id of the project that signed it.');
    if (!Number.isFinite(query.expires)) throw unauthorized('A signed URL needs expires (unix seconds).');
    const project = await getProject(table, query.projectId);
    const secrets = project && (await projectSecrets(table, project.id, masterKey, now()));
    if (!project || !secrets) throw unauthorized('Invalid signature: unknown project.');
    const candidates = [secrets.signing, ...(secrets.previous ? [secrets.previous.secret] : [])];
    if (!signatureMatches(query, candidates)) {
      throw unauthorized(
        'Invalid signature. Sign every query parameter except signature, exactly as sent (see the signing recipe in the docs).',
      );
    }
    const nowSeconds = now() / 1000;
    if (nowSeconds > query.expires) throw unauthorized('This signed URL has expired. Mint a new one.');
    if (query.expires - nowSeconds > project.signed_url_max_ttl) {
      throw new InvalidParams(
        `Invalid expires: at most ${project.signed_url_max_ttl} s from now for this project (signed_url_max_ttl).`,
        [{ path: 'expires', message: 'Beyond signed_url_max_ttl' }],
      );
    }
    const account = await recentAccount(table, project.account_id);
    if (!account) throw unauthorized('Invalid signature: unknown project.');
    return {
      account,
      key: {
        key_id: `signed:${project.id}`,
        account_id: account.id,
        scopes: ['capture'],
        test: false,
        prefix: 'signed-url',
        created_at: project.created_at,
      },
      signedUrl: { projectId: project.id },
    };
  };
}
