/**
 * @module client
 * `Frameshot`: one method per thing a user does, each a thin call of an operation of the
 * generated table. Captures wait for their job when the server answers 202; renders page
 * through `next_cursor`; everything else returns the operation's JSON as the API sends it.
 */
import { FrameshotError } from './errors.js';
import type { OperationId } from './generated/operations.js';
import { type FrameshotOptions, retryAfterSeconds, sleep, Transport } from './transport.js';
import type {
  AcceptedJob,
  ApiResponse,
  AuthProfileChanges,
  BackgroundList,
  CaptureRequest,
  CaptureResponse,
  Job,
  NewAuthProfile,
  NewProject,
  ProjectChanges,
  QueryOf,
  RawRequest,
  Render,
  RequestInput,
  ResultOf,
} from './types.js';

export interface CaptureOptions {
  /** Sent as `Idempotency-Key`; one is generated when absent so a retry is never charged twice. */
  idempotencyKey?: string;
  /** On a 202 (an async capture, or a sync one that fell back to a job): wait for the job (default true). */
  wait?: boolean;
  signal?: AbortSignal;
  /** How the wait for a job polls; see `jobs.wait`. */
  poll?: Omit<WaitOptions, 'signal'>;
}

export interface WaitOptions {
  /** The first poll interval in ms (default 500), growing ×1.5 up to 5 s; a `Retry-After` wins. */
  intervalMs?: number;
  /** Give up after this long (default 15 minutes); the job keeps running on the server. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Told about each poll of a pending job (to show its stage). */
  onPoll?: (job: Job) => void;
}

const MAX_INTERVAL_MS = 5_000;
/** Bounds on what a `Retry-After` may make the poller wait. */
const MIN_RETRY_AFTER_MS = 250;
const MAX_RETRY_AFTER_MS = 30_000;

export class Frameshot {
  readonly #http: Transport;
  readonly jobs: Jobs;
  readonly renders: Renders;
  readonly projects: Projects;
  readonly authProfiles: AuthProfiles;
  readonly backgrounds: Backgrounds;

  constructor(options: FrameshotOptions = {}) {
    this.#http = new Transport(options);
    this.jobs = new Jobs(this);
    this.renders = new Renders(this);
    this.projects = new Projects(this);
    this.authProfiles = new AuthProfiles(this);
    this.backgrounds = new Backgrounds(this);
  }

  /** The deployment this client talks to, without a trailing slash. */
  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Calls any operation of the API by its operationId and returns the whole answer. */
  request<Id extends OperationId>(id: Id, input?: RequestInput<Id>): Promise<ApiResponse<ResultOf<Id>>> {
    return this.#http.send(id, input);
  }

  /** Calls an operation and returns its JSON. */
  async call<Id extends OperationId>(id: Id, input?: RequestInput<Id>): Promise<ResultOf<Id>> {
    return (await this.#http.send(id, input)).data;
  }

  /** `POST /v1/capture`: a styled render (§3). Waits for the job of a 202 unless `wait: false`. */
  capture(
    params: CaptureRequest,
    options: CaptureOptions & { wait: false },
  ): Promise<CaptureResponse | AcceptedJob>;
  capture(params: CaptureRequest, options?: CaptureOptions): Promise<CaptureResponse>;
  capture(params: CaptureRequest, options: CaptureOptions = {}): Promise<CaptureResponse | AcceptedJob> {
    return this.#capture('createCapture', params, options);
  }

  /** `POST /v1/raw`: an unstyled screenshot (§3), 1 credit. Same answers as `capture`. */
  raw(params: RawRequest, options: CaptureOptions & { wait: false }): Promise<CaptureResponse | AcceptedJob>;
  raw(params: RawRequest, options?: CaptureOptions): Promise<CaptureResponse>;
  raw(params: RawRequest, options: CaptureOptions = {}): Promise<CaptureResponse | AcceptedJob> {
    return this.#capture('createRaw', params, options);
  }

  async #capture(
    id: 'createCapture' | 'createRaw',
    body: CaptureRequest | RawRequest,
    { idempotencyKey, wait = true, signal, poll }: CaptureOptions,
  ): Promise<CaptureResponse | AcceptedJob> {
    const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined;
    const res = await this.#http.send(id, { body: body as CaptureRequest, headers, signal });
    if (res.status !== 202) return res.data as CaptureResponse;
    const accepted = res.data as AcceptedJob;
    return wait ? this.jobs.wait(accepted.job_id, { ...poll, signal }) : accepted;
  }

  /** `GET /v1/usage`: plan, credits and the last 30 days (§11). */
  usage() {
    return this.call('getUsage');
  }
}

/** Async jobs (§4). */
class Jobs {
  constructor(private readonly client: Frameshot) {}

  /** `GET /v1/jobs/{id}`. */
  get(id: string): Promise<Job> {
    return this.client.call('getJob', { path: { id } });
  }

  /**
   * Polls the job until it ends: resolves its result when completed, throws a FrameshotError with
   * the job's error when it failed (or `timeout` when `timeoutMs` passes first).
   */
  async wait(
    id: string,
    { intervalMs = 500, timeoutMs = 900_000, signal, onPoll }: WaitOptions = {},
  ): Promise<CaptureResponse> {
    const deadline = Date.now() + timeoutMs;
    let interval = intervalMs;
    for (;;) {
      const { data: job, headers, requestId } = await this.client.request('getJob', { path: { id }, signal });
      if (job.status === 'completed' && job.result) return job.result;
      if (job.status !== 'pending') throw FrameshotError.fromJob(id, job.error, requestId);
      onPoll?.(job);
      const asked = retryAfterSeconds(headers);
      const delay =
        asked === undefined
          ? interval
          : Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, asked * 1000));
      if (Date.now() + delay > deadline) {
        throw new FrameshotError(
          'timeout',
          `${id} is still ${job.stage} after ${Math.round(timeoutMs / 1000)} s`,
          {
            jobId: id,
            requestId,
          },
        );
      }
      await sleep(delay, signal);
      interval = Math.min(MAX_INTERVAL_MS, interval * 1.5);
    }
  }
}

/** Stored renders (§6). */
class Renders {
  constructor(private readonly client: Frameshot) {}

  /** Every render, newest first, fetching pages of `limit` through `next_cursor` as you iterate. */
  async *list(query: QueryOf<'listRenders'> = {}): AsyncGenerator<Render, void, undefined> {
    let cursor = query.cursor;
    do {
      const page = await this.client.call('listRenders', { query: { ...query, cursor } });
      yield* page.data;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  /** One page: `{ data, next_cursor }`. */
  page(query: QueryOf<'listRenders'> = {}) {
    return this.client.call('listRenders', { query });
  }

  get(id: string) {
    return this.client.call('getRender', { path: { id } });
  }

  /** Deletes the render and its stored image. */
  delete(id: string) {
    return this.client.call('deleteRender', { path: { id } });
  }
}

/** Projects: defaults, brand and signing secrets (§7). */
class Projects {
  constructor(private readonly client: Frameshot) {}

  list() {
    return this.client.call('listProjects');
  }

  create(project: NewProject) {
    return this.client.call('createProject', { body: project });
  }

  get(id: string) {
    return this.client.call('getProject', { path: { id } });
  }

  update(id: string, changes: ProjectChanges) {
    return this.client.call('updateProject', { path: { id }, body: changes });
  }

  delete(id: string) {
    return this.client.call('deleteProject', { path: { id } });
  }

  /** The signing secret (for `signCaptureUrl`) and the webhook secret (for `verifyWebhook`). */
  signingSecret(id: string) {
    return this.client.call('getProjectSigningSecret', { path: { id } });
  }

  /** A new signing secret; the previous one keeps verifying for 24 h. */
  rotateSigningSecret(id: string) {
    return this.client.call('rotateProjectSigningSecret', { path: { id } });
  }
}

/** Stored logins for captures behind a sign-in (§8). */
class AuthProfiles {
  constructor(private readonly client: Frameshot) {}

  list() {
    return this.client.call('listAuthProfiles');
  }

  create(profile: NewAuthProfile) {
    return this.client.call('createAuthProfile', { body: profile });
  }

  update(id: string, changes: AuthProfileChanges) {
    return this.client.call('updateAuthProfile', { path: { id }, body: changes });
  }

  delete(id: string) {
    return this.client.call('deleteAuthProfile', { path: { id } });
  }

  /** Loads `url` with the profile: `{ ok, final_url, status, title, looks_logged_out }`. */
  test(id: string, input: { url: string }) {
    return this.client.call('testAuthProfile', { path: { id }, body: input });
  }
}

/** The public background catalogue (§9); needs no key. */
class Backgrounds {
  constructor(private readonly client: Frameshot) {}

  list(query: QueryOf<'listBackgrounds'> = {}): Promise<BackgroundList> {
    return this.client.call('listBackgrounds', { query });
  }

  packs() {
    return this.client.call('listBackgroundPacks');
  }
}

export type { AuthProfiles, Backgrounds, Jobs, Projects, Renders };
