/**
 * @module local/bootstrap
 * First start of the embedded stack: one local account and a live key, written to the data dir
 * (mode 600) so later starts reuse them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openingCredits } from '../billing/ledger.ts';
import type { Deps } from '../deps.ts';
import { createAccount } from '../store/accounts.ts';
import { createApiKey, findActiveKey } from '../store/api-keys.ts';

export interface LocalIdentity {
  accountId: string;
  apiKey: string;
  created: boolean;
}

export async function ensureLocalIdentity(deps: Deps): Promise<LocalIdentity> {
  const file = path.join(deps.config.dataDir, 'api-key.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { account_id: string; api_key: string };
    if (await findActiveKey(deps.table, saved.api_key)) {
      return { accountId: saved.account_id, apiKey: saved.api_key, created: false };
    }
  }
  const now = deps.now();
  const plan = deps.config.plans.pro ? 'pro' : Object.keys(deps.config.plans)[0]!;
  const account = await createAccount(deps.table, { name: 'local', plan, now });
  await openingCredits(deps.table, account.id, deps.config.plans[plan]!.monthlyCredits, now, 'local stack');
  const { apiKey } = await createApiKey(deps.table, { accountId: account.id, test: false, now });
  writeFileSync(file, JSON.stringify({ account_id: account.id, api_key: apiKey }, null, 2), { mode: 0o600 });
  return { accountId: account.id, apiKey, created: true };
}
