/**
 * @module store/device-codes
 * The CLI's device authorization grant (§11, RFC 8628): a device code (a secret, stored only as
 * its hash) and a short user code a person types on the approval page. Codes live 900 s; an
 * approved code carries the new API key sealed until the CLI redeems it, once.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Sealed } from '../crypto/seal.ts';
import { conditionally, type Table, ttlAt } from './table.ts';

export const DEVICE_CODE_TTL_S = 900;
export const POLL_INTERVAL_S = 5;

export type DeviceStatus = 'pending' | 'approved' | 'redeemed';

export interface DeviceGrant {
  status: DeviceStatus;
  user_code: string;
  expires_ms: number;
  last_poll_ms?: number;
  /** Sealed `{ api_key, key_id, account_id }` once approved. */
  grant?: Sealed;
}

const hash = (deviceCode: string) => createHash('sha256').update(deviceCode).digest('hex');
const deviceKeys = (deviceCode: string) => ({ pk: `DEVICE#${hash(deviceCode)}`, sk: 'DEVICE' });
/** The record key of a device code; also the context its sealed grant is bound to. */
export const devicePkOf = (deviceCode: string) => deviceKeys(deviceCode).pk;
const userCodeKeys = (userCode: string) => ({ pk: `USERCODE#${userCode}`, sk: 'USERCODE' });

// No 0/O, 1/I/L, 2/Z, 5/S: codes people read off a screen and type.
const USER_CODE_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXY3468';

export function newUserCode(): string {
  const pick = () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  const half = () => Array.from({ length: 4 }, pick).join('');
  return `${half()}-${half()}`;
}

/**
 * The most a person plausibly types for a code: its 9 characters plus spaces and separators.
 * Anything longer is not a code, and is refused before it is normalised or looked up.
 */
export const USER_CODE_INPUT_MAX = 32;

/** Accepts what people type: lower case, spaces, no dash. */
export function normaliseUserCode(input: string): string {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return raw.length === 8 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : raw;
}

/** Whether a normalised code has the shape of a user code (`XXXX-XXXX`). */
export const isUserCode = (code: string): boolean => /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code);

export async function createDeviceCode(
  table: Table,
  now: number,
): Promise<{ deviceCode: string; userCode: string }> {
  const deviceCode = randomBytes(32).toString('base64url');
  const expires = now + DEVICE_CODE_TTL_S * 1000;
  for (;;) {
    const userCode = newUserCode();
    try {
      await table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table.name,
                Item: {
                  ...deviceKeys(deviceCode),
                  type: 'device_code',
                  status: 'pending',
                  user_code: userCode,
                  expires_ms: expires,
                  ttl: ttlAt(expires),
                },
              },
            },
            {
              Put: {
                TableName: table.name,
                Item: {
                  ...userCodeKeys(userCode),
                  type: 'user_code',
                  device_pk: deviceKeys(deviceCode).pk,
                  expires_ms: expires,
                  ttl: ttlAt(expires),
                },
                ConditionExpression: 'attribute_not_exists(pk) OR expires_ms < :now',
                ExpressionAttributeValues: { ':now': now },
              },
            },
          ],
        }),
      );
      return { deviceCode, userCode };
    } catch (err) {
      // A live code with the same user code exists (1 in 150 million): draw another.
      if ((err as Error).name !== 'TransactionCanceledException') throw err;
    }
  }
}

export async function getDeviceGrant(table: Table, deviceCode: string): Promise<DeviceGrant | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: deviceKeys(deviceCode), ConsistentRead: true }),
  );
  return Item as DeviceGrant | undefined;
}

/** Records a poll; returns false when the previous poll came sooner than the interval. */
export async function recordPoll(table: Table, deviceCode: string, now: number): Promise<boolean> {
  return conditionally(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: deviceKeys(deviceCode),
        UpdateExpression: 'SET last_poll_ms = :now',
        ConditionExpression: 'attribute_not_exists(last_poll_ms) OR last_poll_ms <= :earliest',
        // A little slack for network jitter.
        ExpressionAttributeValues: { ':now': now, ':earliest': now - (POLL_INTERVAL_S * 1000 - 500) },
      }),
    ),
  );
}

/** The device code behind a live user code. */
export async function findByUserCode(
  table: Table,
  userCode: string,
  now: number,
): Promise<string | undefined> {
  // Only a code's shape can be a key: anything else is unknown without asking DynamoDB (whose
  // key size limit a long input would break).
  const code = userCode.length <= USER_CODE_INPUT_MAX ? normaliseUserCode(userCode) : '';
  if (!isUserCode(code)) return undefined;
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: userCodeKeys(code), ConsistentRead: true }),
  );
  if (!Item || (Item.expires_ms as number) <= now) return undefined;
  return Item.device_pk as string;
}

/** Approves a pending code with the sealed grant. False when it is no longer pending. */
export async function approveDeviceCode(
  table: Table,
  devicePk: string,
  grant: Sealed,
  now: number,
): Promise<boolean> {
  return conditionally(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { pk: devicePk, sk: 'DEVICE' },
        UpdateExpression: 'SET #status = :approved, #grant = :grant',
        ConditionExpression: '#status = :pending AND expires_ms > :now',
        ExpressionAttributeNames: { '#status': 'status', '#grant': 'grant' },
        ExpressionAttributeValues: {
          ':approved': 'approved',
          ':pending': 'pending',
          ':grant': grant,
          ':now': now,
        },
      }),
    ),
  );
}

/** Marks an approved code redeemed and hands back its grant, exactly once. */
export async function redeemDeviceCode(table: Table, deviceCode: string): Promise<Sealed | undefined> {
  try {
    const { Attributes } = await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: deviceKeys(deviceCode),
        UpdateExpression: 'SET #status = :redeemed REMOVE #grant',
        ConditionExpression: '#status = :approved',
        ExpressionAttributeNames: { '#status': 'status', '#grant': 'grant' },
        ExpressionAttributeValues: { ':redeemed': 'redeemed', ':approved': 'approved' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes?.grant as Sealed | undefined;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}
