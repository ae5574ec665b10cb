/**
 * @module client
 * `Frameshot`: one method per thing a user does, each a thin call of an operation of the
 * generated table. Captures wait for their job when the server answers 202; renders page
 * through `next_cursor`; everything else returns the operation's JSON as the API sends it.
 */
import { FrameshotError } from './errors.js';
import { retryAfterSeconds, sleep, Transport } from './transport.js';
const MAX_INTERVAL_MS = 5_000;
/** Bounds on what a `Retry-After` may make the poller wait. */
const MIN_RETRY_AFTER_MS = 250;
const MAX_RETRY_AFTER_MS = 30_000;
export class Frameshot {
    #http;
    jobs;
    renders;
    projects;
    authProfiles;
    backgrounds;
    constructor(options = {}) {
        this.#http = new Transport(options);
        this.jobs = new Jobs(this);
        this.renders = new Renders(this);
        this.projects = new Projects(this);
        this.authProfiles = new AuthProfiles(this);
        this.backgrounds = new Backgrounds(this);
    }
    /** The deployment this client talks to, without a trailing slash. */
    get baseUrl() {
        return this.#http.baseUrl;
    }
    /** Calls any operation of the API by its operationId and returns the whole answer. */
    request(id, input) {
        return this.#http.send(id, input);
    }
    /** Calls an operation and returns its JSON. */
    async call(id, input) {
        return (await this.#http.send(id, input)).data;
    }
    capture(params, options = {}) {
        return this.#capture('createCapture', params, options);
    }
    raw(params, options = {}) {
        return this.#capture('createRaw', params, options);
    }
    async #capture(id, body, { idempotencyKey, wait = true, signal, poll }) {
        const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined;
        const res = await this.#http.send(id, { body: body, headers, signal });
        if (res.status !== 202)
            return res.data;
        const accepted = res.data;
        return wait ? this.jobs.wait(accepted.job_id, { ...poll, signal }) : accepted;
    }
    /** `GET /v1/usage`: plan, credits and the last 30 days (§11). */
    usage() {
        return this.call('getUsage');
    }
}
/** Async jobs (§4). */
class Jobs {
    client;
    constructor(client) {
        this.client = client;
    }
    /** `GET /v1/jobs/{id}`. */
    get(id) {
        return this.client.call('getJob', { path: { id } });
    }
    /**
     * Polls the job until it ends: resolves its result when completed, throws a FrameshotError with
     * the job's error when it failed (or `timeout` when `timeoutMs` passes first).
     */
    async wait(id, { intervalMs = 500, timeoutMs = 900_000, signal, onPoll } = {}) {
        const deadline = Date.now() + timeoutMs;
        let interval = intervalMs;
        for (;;) {
            const { data: job, headers, requestId } = await this.client.request('getJob', { path: { id }, signal });
            if (job.status === 'completed' && job.result)
                return job.result;
            if (job.status !== 'pending')
                throw FrameshotError.fromJob(id, job.error, requestId);
            onPoll?.(job);
            const asked = retryAfterSeconds(headers);
            const delay = asked === undefined
                ? interval
                : Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, asked * 1000));
            if (Date.now() + delay > deadline) {
                throw new FrameshotError('timeout', `${id} is still ${job.stage} after ${Math.round(timeoutMs / 1000)} s`, {
                    jobId: id,
                    requestId,
                });
            }
            await sleep(delay, signal);
            interval = Math.min(MAX_INTERVAL_MS, interval * 1.5);
        }
    }
}
/** Stored renders (§6). */
class Renders {
    client;
    constructor(client) {
        this.client = client;
    }
    /** Every render, newest first, fetching pages of `limit` through `next_cursor` as you iterate. */
    async *list(query = {}) {
        let cursor = query.cursor;
        do {
            const page = await this.client.call('listRenders', { query: { ...query, cursor } });
            yield* page.data;
            cursor = page.next_cursor ?? undefined;
        } while (cursor);
    }
    /** One page: `{ data, next_cursor }`. */
    page(query = {}) {
        return this.client.call('listRenders', { query });
    }
    get(id) {
        return this.client.call('getRender', { path: { id } });
    }
    /** Deletes the render and its stored image. */
    delete(id) {
        return this.client.call('deleteRender', { path: { id } });
    }
}
/** Projects: defaults, brand and signing secrets (§7). */
class Projects {
    client;
    constructor(client) {
        this.client = client;
    }
    list() {
        return this.client.call('listProjects');
    }
    create(project) {
        return this.client.call('createProject', { body: project });
    }
    get(id) {
        return this.client.call('getProject', { path: { id } });
    }
    update(id, changes) {
        return this.client.call('updateProject', { path: { id }, body: changes });
    }
    delete(id) {
        return this.client.call('deleteProject', { path: { id } });
    }
    /** The signing secret (for `signCaptureUrl`) and the webhook secret (for `verifyWebhook`). */
    signingSecret(id) {
        return this.client.call('getProjectSigningSecret', { path: { id } });
    }
    /** A new signing secret; the previous one keeps verifying for 24 h. */
    rotateSigningSecret(id) {
        return this.client.call('rotateProjectSigningSecret', { path: { id } });
    }
}
/** Stored logins for captures behind a sign-in (§8). */
class AuthProfiles {
    client;
    constructor(client) {
        this.client = client;
    }
    list() {
        return this.client.call('listAuthProfiles');
    }
    create(profile) {
        return this.client.call('createAuthProfile', { body: profile });
    }
    update(id, changes) {
        return this.client.call('updateAuthProfile', { path: { id }, body: changes });
    }
    delete(id) {
        return this.client.call('deleteAuthProfile', { path: { id } });
    }
    /** Loads `url` with the profile: `{ ok, final_url, status, title, looks_logged_out }`. */
    test(id, input) {
        return this.client.call('testAuthProfile', { path: { id }, body: input });
    }
}
/** The public background catalogue (§9); needs no key. */
class Backgrounds {
    client;
    constructor(client) {
        this.client = client;
    }
    list(query = {}) {
        return this.client.call('listBackgrounds', { query });
    }
    packs() {
        return this.client.call('listBackgroundPacks');
    }
}
