/**
 * @module aws/secrets
 * A deployment's secrets (the render-link key and the at-rest encryption key) live in Secrets
 * Manager, never in the functions' environment: `FRAMESHOT_SECRETS_ID` names a secret whose JSON
 * has `render_secret` and `encryption_key`, read once per cold start through Powertools
 * parameters (cached, so a warm invocation makes no call) and handed to `loadConfig` like the
 * variables it replaces. Without `FRAMESHOT_SECRETS_ID` (the local stack, tests) the environment
 * is used as it is.
 */
import { randomBytes } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

type Env = Record<string, string | undefined>;

/** The secret's JSON keys and the variables they stand in for. */
const KEYS = {
  render_secret: 'FRAMESHOT_RENDER_SECRET',
  encryption_key: 'FRAMESHOT_ENCRYPTION_KEY',
} as const;

/** How long a fetched secret is reused before Powertools fetches it again (a rotation lands within this). */
export const SECRET_MAX_AGE_S = 300;

export async function withSecrets(
  env: Env = process.env,
  fetch: (id: string) => Promise<unknown> = (id) =>
    getSecret(id, { transform: 'json', maxAge: SECRET_MAX_AGE_S }),
): Promise<Env> {
  const id = env['FRAMESHOT_SECRETS_ID'];
  if (!id) return env;
  const secret = (await fetch(id)) as Partial<Record<keyof typeof KEYS, unknown>> | undefined;
  const out: Env = { ...env };
  for (const [key, variable] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) {
    const value = secret?.[key];
    if (typeof value !== 'string' || !value) {
      throw new Error(`Secret ${id} has no "${key}": run npm run -s admin -- secrets init --stage <stage>`);
    }
    out[variable] = value;
  }
  return out;
}

/** The secret a stage's functions read: serverless.yml sets `FRAMESHOT_SECRETS_ID` to it. */
export const secretName = (stage: string) => `frameshot/${stage}`;

/** Fresh values for a new deployment: a 32-byte HMAC key for render links, a 32-byte AES key. */
export function newSecretValues(): Record<keyof typeof KEYS, string> {
  return {
    render_secret: randomBytes(32).toString('base64url'),
    encryption_key: randomBytes(32).toString('base64'),
  };
}

/**
 * Creates the stage's secret unless it exists: an existing one is kept as it is, since a new
 * encryption key would make every sealed auth profile unreadable. Returns what happened.
 */
export async function initSecrets(
  client: Pick<SecretsManagerClient, 'send'>,
  stage: string,
): Promise<{ name: string; created: boolean; arn?: string }> {
  const name = secretName(stage);
  try {
    const out = await client.send(
      new CreateSecretCommand({
        Name: name,
        Description: `Frameshot ${stage}: render-link HMAC key and at-rest encryption key`,
        SecretString: JSON.stringify(newSecretValues()),
      }),
    );
    return { name, created: true, ...(out.ARN ? { arn: out.ARN } : {}) };
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceExistsException') return { name, created: false };
    throw err;
  }
}
