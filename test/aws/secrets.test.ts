/**
 * The deployment's secrets come from Secrets Manager at cold start (aws/secrets.ts), never from
 * plaintext environment variables; `admin secrets init` creates them once and never replaces them.
 */
import type { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { initSecrets, newSecretValues, secretName, withSecrets } from '../../lib/aws/secrets.ts';
import { loadConfig } from '../../lib/config.ts';

const deployed = {
  FRAMESHOT_SECRETS_ID: 'frameshot/prod',
  FRAMESHOT_PUBLIC_BASE_URL: 'https://shots.example.com',
  AWS_LAMBDA_FUNCTION_NAME: 'frameshot-prod-api',
};

describe('withSecrets', () => {
  it('reads the secret named by FRAMESHOT_SECRETS_ID into the variables loadConfig reads', async () => {
    const asked: string[] = [];
    const values = newSecretValues();
    const env = await withSecrets(deployed, async (id) => {
      asked.push(id);
      return values;
    });
    expect(asked).toEqual(['frameshot/prod']);
    const config = loadConfig(env);
    expect(config.renderSecret).toBe(values.render_secret);
    expect(config.encryptionKey).toBe(values.encryption_key);
  });

  it('leaves an environment without FRAMESHOT_SECRETS_ID alone (local stack, tests)', async () => {
    const env = { FRAMESHOT_RENDER_SECRET: 'local' };
    expect(await withSecrets(env, () => Promise.reject(new Error('not called')))).toBe(env);
  });

  it('refuses a secret missing a key, naming the key and the command that makes it', async () => {
    await expect(withSecrets(deployed, async () => ({ render_secret: 'x' }))).rejects.toThrow(
      /frameshot\/prod has no "encryption_key": run npm run -s admin -- secrets init/,
    );
  });
});

describe('a deployment’s public URL', () => {
  it('is required on Lambda, and never localhost', () => {
    const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'frameshot-prod-api' };
    expect(() => loadConfig(lambda)).toThrow(/FRAMESHOT_PUBLIC_BASE_URL: a deployment needs its public URL/);
    expect(() => loadConfig({ ...lambda, FRAMESHOT_PUBLIC_BASE_URL: 'http://localhost:8787' })).toThrow(
      /"http:\/\/localhost:8787"/,
    );
    expect(
      loadConfig({ ...lambda, FRAMESHOT_PUBLIC_BASE_URL: 'https://abc.execute-api.us-east-1.amazonaws.com' })
        .publicBaseUrl,
    ).toBe('https://abc.execute-api.us-east-1.amazonaws.com');
    // Off Lambda the local default stays.
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:8787');
  });
});

describe('admin secrets init', () => {
  it('creates frameshot/<stage> with two fresh 32-byte keys', async () => {
    const sent: CreateSecretCommand[] = [];
    const client = {
      send: async (command: CreateSecretCommand) => {
        sent.push(command);
        return { ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:frameshot/prod-AbCdEf' };
      },
    };
    const result = await initSecrets(client as never, 'prod');
    expect(result).toMatchObject({ name: secretName('prod'), created: true });
    const secret = JSON.parse(sent[0]!.input.SecretString!);
    expect(sent[0]!.input.Name).toBe('frameshot/prod');
    expect(Buffer.from(secret.render_secret, 'base64url')).toHaveLength(32);
    expect(Buffer.from(secret.encryption_key, 'base64')).toHaveLength(32);
    expect(newSecretValues().render_secret).not.toBe(secret.render_secret);
  });

  it('keeps an existing secret instead of replacing its keys', async () => {
    const exists = Object.assign(new Error('exists'), { name: 'ResourceExistsException' });
    const client = { send: () => Promise.reject(exists) };
    expect(await initSecrets(client as never, 'prod')).toEqual({ name: 'frameshot/prod', created: false });
  });
});
