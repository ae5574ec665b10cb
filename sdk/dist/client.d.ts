import type { OperationId } from './generated/operations.js';
import { type FrameshotOptions } from './transport.js';
import type { AcceptedJob, ApiResponse, AuthProfileChanges, BackgroundList, CaptureRequest, CaptureResponse, Job, NewAuthProfile, NewProject, ProjectChanges, QueryOf, RawRequest, Render, RequestInput, ResultOf } from './types.js';
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
export declare class Frameshot {
    #private;
    readonly jobs: Jobs;
    readonly renders: Renders;
    readonly projects: Projects;
    readonly authProfiles: AuthProfiles;
    readonly backgrounds: Backgrounds;
    constructor(options?: FrameshotOptions);
    /** The deployment this client talks to, without a trailing slash. */
    get baseUrl(): string;
    /** Calls any operation of the API by its operationId and returns the whole answer. */
    request<Id extends OperationId>(id: Id, input?: RequestInput<Id>): Promise<ApiResponse<ResultOf<Id>>>;
    /** Calls an operation and returns its JSON. */
    call<Id extends OperationId>(id: Id, input?: RequestInput<Id>): Promise<ResultOf<Id>>;
    /** `POST /v1/capture`: a styled render (§3). Waits for the job of a 202 unless `wait: false`. */
    capture(params: CaptureRequest, options: CaptureOptions & {
        wait: false;
    }): Promise<CaptureResponse | AcceptedJob>;
    capture(params: CaptureRequest, options?: CaptureOptions): Promise<CaptureResponse>;
    /** `POST /v1/raw`: an unstyled screenshot (§3), 1 credit. Same answers as `capture`. */
    raw(params: RawRequest, options: CaptureOptions & {
        wait: false;
    }): Promise<CaptureResponse | AcceptedJob>;
    raw(params: RawRequest, options?: CaptureOptions): Promise<CaptureResponse>;
    /** `GET /v1/usage`: plan, credits and the last 30 days (§11). */
    usage(): Promise<{
        credits_remaining: number;
        credits_monthly: number;
        plan: string;
        period_end: string;
        last_30_days: {
            render_count: number;
            credits_used: number;
        };
        daily_breakdown: {
            day: string;
            renders: number;
            credits: number;
        }[];
    }>;
}
/** Async jobs (§4). */
declare class Jobs {
    private readonly client;
    constructor(client: Frameshot);
    /** `GET /v1/jobs/{id}`. */
    get(id: string): Promise<Job>;
    /**
     * Polls the job until it ends: resolves its result when completed, throws a FrameshotError with
     * the job's error when it failed (or `timeout` when `timeoutMs` passes first).
     */
    wait(id: string, { intervalMs, timeoutMs, signal, onPoll }?: WaitOptions): Promise<CaptureResponse>;
}
/** Stored renders (§6). */
declare class Renders {
    private readonly client;
    constructor(client: Frameshot);
    /** Every render, newest first, fetching pages of `limit` through `next_cursor` as you iterate. */
    list(query?: QueryOf<'listRenders'>): AsyncGenerator<Render, void, undefined>;
    /** One page: `{ data, next_cursor }`. */
    page(query?: QueryOf<'listRenders'>): Promise<{
        data: import("./index.js").components["schemas"]["Render"][];
        next_cursor: string | null;
    }>;
    get(id: string): Promise<{
        id: string;
        url: string;
        width: number;
        height: number;
        format: string;
        created_at: string;
        bytes: number;
        kind: "capture" | "raw";
        source_url: string;
        expires_at: string;
    }>;
    /** Deletes the render and its stored image. */
    delete(id: string): Promise<{
        id: string;
        deleted: true;
    }>;
}
/** Projects: defaults, brand and signing secrets (§7). */
declare class Projects {
    private readonly client;
    constructor(client: Frameshot);
    list(): Promise<{
        data: import("./index.js").components["schemas"]["Project"][];
    }>;
    create(project: NewProject): Promise<{
        id: string;
        account_id: string;
        name: string;
        defaults: {
            [key: string]: unknown;
        };
        brand: {
            [key: string]: unknown;
        };
        signed_url_max_ttl: number;
        storage?: {
            endpoint?: string;
            region: string;
            bucket: string;
            prefix: string;
            access_key_id: string;
            acl?: "private" | "public-read" | "public-read-write" | "authenticated-read" | "aws-exec-read" | "bucket-owner-read" | "bucket-owner-full-control";
            secret_access_key_set: true;
        };
        created_at: string;
        updated_at: string;
    }>;
    get(id: string): Promise<{
        id: string;
        account_id: string;
        name: string;
        defaults: {
            [key: string]: unknown;
        };
        brand: {
            [key: string]: unknown;
        };
        signed_url_max_ttl: number;
        storage?: {
            endpoint?: string;
            region: string;
            bucket: string;
            prefix: string;
            access_key_id: string;
            acl?: "private" | "public-read" | "public-read-write" | "authenticated-read" | "aws-exec-read" | "bucket-owner-read" | "bucket-owner-full-control";
            secret_access_key_set: true;
        };
        created_at: string;
        updated_at: string;
    }>;
    update(id: string, changes: ProjectChanges): Promise<{
        id: string;
        account_id: string;
        name: string;
        defaults: {
            [key: string]: unknown;
        };
        brand: {
            [key: string]: unknown;
        };
        signed_url_max_ttl: number;
        storage?: {
            endpoint?: string;
            region: string;
            bucket: string;
            prefix: string;
            access_key_id: string;
            acl?: "private" | "public-read" | "public-read-write" | "authenticated-read" | "aws-exec-read" | "bucket-owner-read" | "bucket-owner-full-control";
            secret_access_key_set: true;
        };
        created_at: string;
        updated_at: string;
    }>;
    delete(id: string): Promise<{
        id: string;
        deleted: true;
    }>;
    /** The signing secret (for `signCaptureUrl`) and the webhook secret (for `verifyWebhook`). */
    signingSecret(id: string): Promise<{
        project_id: string;
        signing_secret: string;
        previous_signing_secret_valid_until: string | null;
        webhook_secret: string;
    }>;
    /** A new signing secret; the previous one keeps verifying for 24 h. */
    rotateSigningSecret(id: string): Promise<{
        project_id: string;
        signing_secret: string;
        previous_signing_secret_valid_until: string | null;
        webhook_secret: string;
    }>;
}
/** Stored logins for captures behind a sign-in (§8). */
declare class AuthProfiles {
    private readonly client;
    constructor(client: Frameshot);
    list(): Promise<{
        data: import("./index.js").components["schemas"]["AuthProfile"][];
    }>;
    create(profile: NewAuthProfile): Promise<{
        id: string;
        account_id: string;
        project_id?: string;
        name: string;
        domain: string;
        summary: {
            cookie_names: string[];
            cookie_count: number;
            local_storage_origins: string[];
            local_storage_key_count: number;
            header_names: string[];
        };
        version: number;
        created_at: string;
        updated_at: string;
    }>;
    update(id: string, changes: AuthProfileChanges): Promise<{
        id: string;
        account_id: string;
        project_id?: string;
        name: string;
        domain: string;
        summary: {
            cookie_names: string[];
            cookie_count: number;
            local_storage_origins: string[];
            local_storage_key_count: number;
            header_names: string[];
        };
        version: number;
        created_at: string;
        updated_at: string;
    }>;
    delete(id: string): Promise<{
        id: string;
        deleted: true;
    }>;
    /** Loads `url` with the profile: `{ ok, final_url, status, title, looks_logged_out }`. */
    test(id: string, input: {
        url: string;
    }): Promise<{
        ok: boolean;
        final_url: string;
        status: number;
        title: string;
        looks_logged_out: boolean;
    }>;
}
/** The public background catalogue (§9); needs no key. */
declare class Backgrounds {
    private readonly client;
    constructor(client: Frameshot);
    list(query?: QueryOf<'listBackgrounds'>): Promise<BackgroundList>;
    packs(): Promise<{
        packs: import("./index.js").components["schemas"]["Pack"][];
    }>;
}
export type { AuthProfiles, Backgrounds, Jobs, Projects, Renders };
