/**
 * @module store/jobs
 * Async jobs (§4). A worker claims a job with a conditional write and a lease, so a duplicated
 * or redelivered message never runs a second capture while the first is alive, and a job that
 * is completed or failed is never run again. Jobs expire after 30 days (TTL).
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse, JobError } from '../schemas/response.ts';
import { conditionally, isConditionFailure, isoTime, type Table, ttlAt, withoutKeys } from './table.ts';

export const JOB_RETENTION_MS = 30 * 24 * 3600 * 1000;

export type JobStatus = 'pending' | 'completed' | 'failed';
export type JobStage = 'queued' | 'rendering' | 'composing' | 'storing' | 'done';
export type WebhookStatus = 'none' | 'pending' | 'delivered' | 'failed';

export type { JobError };

export interface Job {
  id: string;
  account_id: string;
  /** What the worker runs: decided when the job was accepted (its price is what was reserved). */
  plan: CapturePlan;
  status: JobStatus;
  stage: JobStage;
  result: CaptureResponse | null;
  error: JobError | null;
  attempts: number;
  webhook_url: string | null;
  webhook_status: WebhookStatus;
  webhook_attempts: number;
  /** Project whose webhook secret signs the webhook (else the account's). */
  project_id?: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  lease_until?: number;
  lease_token?: string;
}

const jobKeys = (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' });

/** `result` is stored as JSON text so it reads back in the order it was written. */
function toItem(job: Job, now: number) {
  const { result, started_at, completed_at, ...rest } = job;
  return {
    ...jobKeys(job.id),
    type: 'job',
    ttl: ttlAt(now + JOB_RETENTION_MS),
    ...rest,
    result_json: result ? JSON.stringify(result) : null,
    // Absent until set, so `if_not_exists` can stamp them.
    ...(started_at ? { started_at } : {}),
    ...(completed_at ? { completed_at } : {}),
  };
}

function fromItem(item: Record<string, unknown>): Job {
  const { result_json, ...rest } = withoutKeys(item) as Record<string, unknown>;
  return {
    ...(rest as unknown as Job),
    result: typeof result_json === 'string' ? JSON.parse(result_json) : null,
    started_at: (rest.started_at as string | undefined) ?? null,
    completed_at: (rest.completed_at as string | undefined) ?? null,
  };
}

export async function putJob(table: Table, job: Job, now: number): Promise<void> {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: toItem(job, now),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getJob(table: Table, id: string): Promise<Job | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: jobKeys(id), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export async function deleteJob(table: Table, id: string): Promise<void> {
  await table.db.send(new DeleteCommand({ TableName: table.name, Key: jobKeys(id) }));
}

/** What a claim found: the job, now this worker's; a live lease of another worker; or nothing to do. */
export type Claim = { job: Job } | { leasedUntil: number } | { finished: true };

/**
 * Claims a pending job for one attempt. A job that is finished or gone gives `finished`; one
 * another worker holds under a live lease gives the lease's end.
 */
export async function claimJob(
  table: Table,
  id: string,
  input: { token: string; leaseMs: number; now: number },
): Promise<Claim> {
  try {
    const { Attributes } = await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: jobKeys(id),
        UpdateExpression:
          'SET stage = :rendering, attempts = attempts + :one, lease_until = :lease, lease_token = :token, started_at = if_not_exists(started_at, :nowIso)',
        ConditionExpression:
          'attribute_exists(pk) AND #status = :pending AND (attribute_not_exists(lease_until) OR lease_until < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':rendering': 'rendering',
          ':one': 1,
          ':lease': input.now + input.leaseMs,
          ':token': input.token,
          ':nowIso': isoTime(input.now),
          ':pending': 'pending',
          ':now': input.now,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { job: fromItem(Attributes!) };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const old = (err as { Item?: Record<string, { S?: string; N?: string }> }).Item;
    const leasedUntil = Number(old?.lease_until?.N);
    return old?.status?.S === 'pending' && leasedUntil >= input.now ? { leasedUntil } : { finished: true };
  }
}

/** Moves the stage forward (and the lease), as long as this worker still holds the job. */
export async function advanceJob(
  table: Table,
  id: string,
  input: { token: string; stage: JobStage; leaseUntil?: number },
): Promise<boolean> {
  return conditionally(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: jobKeys(id),
        UpdateExpression: input.leaseUntil
          ? 'SET stage = :stage, lease_until = :lease'
          : 'SET stage = :stage',
        ConditionExpression: 'lease_token = :token AND #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':stage': input.stage,
          ':token': input.token,
          ':pending': 'pending',
          ...(input.leaseUntil ? { ':lease': input.leaseUntil } : {}),
        },
      }),
    ),
  );
}

/**
 * Ends a pending job (completed or failed). With `token`, only the lease holder may end it;
 * without, anyone may end a job that is still pending (the dead-letter consumer). Returns false
 * when the job was already finished.
 */
export async function finishJob(
  table: Table,
  id: string,
  input: {
    status: 'completed' | 'failed';
    result?: CaptureResponse;
    error?: JobError;
    token?: string;
    webhookStatus: WebhookStatus;
    now: number;
  },
): Promise<boolean> {
  return conditionally(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: jobKeys(id),
        UpdateExpression:
          'SET #status = :status, stage = :done, result_json = :result, #error = :error, completed_at = :now, webhook_status = :webhook REMOVE lease_until, lease_token',
        ConditionExpression: input.token
          ? '#status = :pending AND lease_token = :token'
          : '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':status': input.status,
          ':done': 'done',
          ':result': input.result ? JSON.stringify(input.result) : null,
          ':error': input.error ?? null,
          ':now': isoTime(input.now),
          ':webhook': input.webhookStatus,
          ':pending': 'pending',
          ...(input.token ? { ':token': input.token } : {}),
        },
      }),
    ),
  );
}

/** Releases the lease after a retryable failure so the redelivered message can claim the job. */
export async function releaseJob(table: Table, id: string, token: string): Promise<void> {
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: jobKeys(id),
        UpdateExpression: 'SET stage = :queued REMOVE lease_until, lease_token',
        ConditionExpression: 'lease_token = :token AND #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':queued': 'queued', ':token': token, ':pending': 'pending' },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

export async function setWebhookStatus(
  table: Table,
  id: string,
  input: { status: WebhookStatus; attempts: number },
): Promise<void> {
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: jobKeys(id),
      UpdateExpression: 'SET webhook_status = :status, webhook_attempts = :attempts',
      ExpressionAttributeValues: { ':status': input.status, ':attempts': input.attempts },
    }),
  );
}
