/**
 * Operator CLI: accounts, keys and credits, straight against DynamoDB — the running local stack
 * by default (its endpoints come from <data dir>/stack.json), a deployment when AWS endpoints or
 * credentials are set in the environment (FRAMESHOT_TABLE names the table).
 *
 *   npm run -s admin -- accounts create --name N --plan free|starter|pro [--credits N] [--json]
 *   npm run -s admin -- accounts show ID [--json]
 *   npm run -s admin -- accounts set-plan ID --plan P
 *   npm run -s admin -- accounts set-limits ID [--rpm N] [--concurrent N] [--monthly N]   ("default" clears one)
 *   npm run -s admin -- keys create --account ID [--scopes a,b] [--test] [--json]
 *   npm run -s admin -- keys revoke KEY_ID
 *   npm run -s admin -- credits grant --account ID --amount N
 *   npm run -s admin -- secrets init --stage S [--region R]   (AWS credentials: creates frameshot/S)
 */
import './quiet-sdk.ts';
import { parseArgs } from 'node:util';
import { grantCredits, openingCredits } from '../lib/billing/ledger.ts';
import { loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';
import { readStackFile } from '../lib/local/stack-file.ts';
import { createAccount, getAccount, setLimits, setPlan } from '../lib/store/accounts.ts';
import { createApiKey, revokeApiKey, SCOPES, type Scope } from '../lib/store/api-keys.ts';

class UsageError extends Error {}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    plan: { type: 'string' },
    credits: { type: 'string' },
    account: { type: 'string' },
    scopes: { type: 'string' },
    amount: { type: 'string' },
    rpm: { type: 'string' },
    concurrent: { type: 'string' },
    monthly: { type: 'string' },
    stage: { type: 'string' },
    region: { type: 'string' },
    test: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

function targetEnv(): Record<string, string | undefined> {
  // Credentials in the environment, a named profile (SSO included), or an emulator endpoint.
  const pointsAtAws = Object.keys(process.env).some(
    (k) => k.startsWith('AWS_ENDPOINT_URL') || k === 'AWS_ACCESS_KEY_ID' || k === 'AWS_PROFILE',
  );
  if (pointsAtAws) return process.env;
  const dataDir = loadConfig().dataDir;
  const stack = readStackFile(dataDir);
  if (!stack) {
    throw new UsageError(
      `No running local stack found (${dataDir}/stack.json is missing): start it with \`npm start\`, or set AWS credentials to target a deployment.`,
    );
  }
  return { ...stack.env, ...process.env, ...stack.env };
}

const required = (name: keyof typeof values): string => {
  const val = values[name];
  if (typeof val !== 'string' || val === '') throw new UsageError(`--${name} is required`);
  return val;
};

const integer = (name: keyof typeof values, fallback?: number): number => {
  const raw = values[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer`);
  return n;
};

function print(json: Record<string, unknown>, text: string): void {
  console.log(values.json ? JSON.stringify(json) : text);
}

/** `secrets init`: the deployment's Secrets Manager secret, before the first deploy (no table needed). */
async function secretsInit(): Promise<void> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { initSecrets } = await import('../lib/aws/secrets.ts');
  const stage = required('stage');
  const region = values.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
  const result = await initSecrets(new SecretsManagerClient({ region }), stage);
  print(
    result,
    result.created
      ? `Created ${result.name} in ${region} (render_secret, encryption_key). Deploy with --stage ${stage}.`
      : `${result.name} already exists in ${region}: kept as it is (a new encryption key would make sealed auth profiles unreadable).`,
  );
}

async function main(): Promise<void> {
  const [group, action, id] = positionals;
  if (`${group} ${action}` === 'secrets init') return secretsInit();
  const config = loadConfig(targetEnv());
  const deps = depsFromConfig(config);
  const now = Date.now();
  const plans = Object.keys(config.plans);
  const planName = () => {
    const plan = required('plan');
    if (!plans.includes(plan)) throw new UsageError(`--plan must be one of: ${plans.join(', ')}`);
    return plan;
  };

  switch (`${group} ${action}`) {
    case 'accounts create': {
      const plan = planName();
      const credits = integer('credits', config.plans[plan]!.monthlyCredits);
      const account = await createAccount(deps.table, { name: required('name'), plan, now });
      if (credits > 0) await openingCredits(deps.table, account.id, credits, now, `initial ${plan} credits`);
      return print({ account_id: account.id }, `Created account ${account.id} (${plan}, ${credits} credits)`);
    }
    case 'accounts show': {
      if (!id) throw new UsageError('accounts show needs an account id');
      const account = await getAccount(deps.table, id);
      if (!account) throw new UsageError(`No account ${id}`);
      return print({ ...account }, JSON.stringify(account, null, 2));
    }
    case 'accounts set-plan': {
      if (!id) throw new UsageError('accounts set-plan needs an account id');
      const plan = planName();
      if (!(await setPlan(deps.table, id, plan))) throw new UsageError(`No account ${id}`);
      return print({ account_id: id, plan }, `Account ${id} is now on ${plan}`);
    }
    case 'accounts set-limits': {
      if (!id) throw new UsageError('accounts set-limits needs an account id');
      const limit = (name: 'rpm' | 'concurrent' | 'monthly') =>
        values[name] === undefined ? undefined : values[name] === 'default' ? null : integer(name);
      const limits = {
        requests_per_minute: limit('rpm'),
        concurrent_captures: limit('concurrent'),
        monthly_credits: limit('monthly'),
      };
      if (!(await setLimits(deps.table, id, limits))) throw new UsageError(`No account ${id}`);
      const account = await getAccount(deps.table, id);
      return print(
        { account_id: id, limits: account?.limits ?? {} },
        `Limits of ${id}: ${JSON.stringify(account?.limits ?? {})}`,
      );
    }
    case 'keys create': {
      const scopes = values.scopes
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = scopes?.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (unknown?.length)
        throw new UsageError(`Unknown scope ${unknown.join(', ')}. Scopes: ${SCOPES.join(', ')}`);
      const accountId = required('account');
      if (!(await getAccount(deps.table, accountId))) throw new UsageError(`No account ${accountId}`);
      const { apiKey, key } = await createApiKey(deps.table, {
        accountId,
        scopes: scopes as Scope[] | undefined,
        test: values.test ?? false,
        now,
      });
      return print(
        { api_key: apiKey, key_id: key.key_id },
        `${apiKey}\n(key ${key.key_id}; shown once — store it now)`,
      );
    }
    case 'keys revoke': {
      if (!id) throw new UsageError('keys revoke needs a key id');
      if (!(await revokeApiKey(deps.table, id, now))) throw new UsageError(`No key ${id}`);
      return print({ key_id: id, revoked: true }, `Revoked ${id}`);
    }
    case 'credits grant': {
      const accountId = required('account');
      const amount = integer('amount');
      await grantCredits(deps.table, accountId, amount, now, 'admin grant');
      const account = await getAccount(deps.table, accountId);
      return print(
        { account_id: accountId, balance: account?.balance },
        `Granted ${amount}; balance ${account?.balance}`,
      );
    }
    default:
      throw new UsageError(
        'Usage: admin accounts create|show|set-plan, keys create|revoke, credits grant, secrets init (see scripts/admin.ts)',
      );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(err.message);
    else if ((err as { code?: string }).code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(err)))
      console.error(
        'The local stack is not answering: start it with `npm start` (or point the environment at a deployment).',
      );
    else console.error((err as Error).message ?? err);
    process.exit(1);
  },
);
