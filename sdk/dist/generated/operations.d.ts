import type { paths } from './schema.js';
/** How to call one operation of the API. */
export interface OperationSpec {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    /** Names of the `{placeholders}` in `path`, in order. */
    pathParams: readonly string[];
    /** Takes query parameters. */
    query: boolean;
    /** Takes a JSON body. */
    body: boolean;
    /** Sends the API key (false for the public routes). */
    auth: boolean;
    /** Takes an `Idempotency-Key` header. */
    idempotent: boolean;
}
/** Every operation of the API by its operationId. */
export declare const operations: {
    /** Capture with query parameters (also signed URLs) */
    readonly getCapture: {
        readonly method: "GET";
        readonly path: "/v1/capture";
        readonly pathParams: readonly [];
        readonly query: true;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Capture and style a page */
    readonly createCapture: {
        readonly method: "POST";
        readonly path: "/v1/capture";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: true;
        readonly auth: true;
        readonly idempotent: true;
    };
    /** Raw screenshot with query parameters */
    readonly getRaw: {
        readonly method: "GET";
        readonly path: "/v1/raw";
        readonly pathParams: readonly [];
        readonly query: true;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Raw screenshot */
    readonly createRaw: {
        readonly method: "POST";
        readonly path: "/v1/raw";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: true;
        readonly auth: true;
        readonly idempotent: true;
    };
    /** Poll an async job */
    readonly getJob: {
        readonly method: "GET";
        readonly path: "/v1/jobs/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** The account's webhook signing secret (whsec_…) */
    readonly getWebhookSecret: {
        readonly method: "GET";
        readonly path: "/v1/webhooks/secret";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** List renders, newest first */
    readonly listRenders: {
        readonly method: "GET";
        readonly path: "/v1/renders";
        readonly pathParams: readonly [];
        readonly query: true;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Get a render */
    readonly getRender: {
        readonly method: "GET";
        readonly path: "/v1/renders/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Delete a render and its image */
    readonly deleteRender: {
        readonly method: "DELETE";
        readonly path: "/v1/renders/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Open a render link */
    readonly getRenderFile: {
        readonly method: "GET";
        readonly path: "/r/{file}";
        readonly pathParams: readonly ["file"];
        readonly query: true;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Credits, plan and the last 30 days */
    readonly getUsage: {
        readonly method: "GET";
        readonly path: "/v1/usage";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** List projects */
    readonly listProjects: {
        readonly method: "GET";
        readonly path: "/v1/projects";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Create a project */
    readonly createProject: {
        readonly method: "POST";
        readonly path: "/v1/projects";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: true;
        readonly auth: true;
        readonly idempotent: true;
    };
    /** Get a project */
    readonly getProject: {
        readonly method: "GET";
        readonly path: "/v1/projects/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Change a project */
    readonly updateProject: {
        readonly method: "PATCH";
        readonly path: "/v1/projects/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: true;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Delete a project */
    readonly deleteProject: {
        readonly method: "DELETE";
        readonly path: "/v1/projects/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** The project's signing secret (and its webhook secret) */
    readonly getProjectSigningSecret: {
        readonly method: "GET";
        readonly path: "/v1/projects/{id}/signing-secret";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Rotate the signing secret (the previous one keeps working for 24 h) */
    readonly rotateProjectSigningSecret: {
        readonly method: "POST";
        readonly path: "/v1/projects/{id}/signing-secret/rotate";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: true;
    };
    /** List auth profiles */
    readonly listAuthProfiles: {
        readonly method: "GET";
        readonly path: "/v1/auth-profiles";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Store credentials for logged-in captures */
    readonly createAuthProfile: {
        readonly method: "POST";
        readonly path: "/v1/auth-profiles";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: true;
        readonly auth: true;
        readonly idempotent: true;
    };
    /** Change an auth profile */
    readonly updateAuthProfile: {
        readonly method: "PATCH";
        readonly path: "/v1/auth-profiles/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: true;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Delete an auth profile */
    readonly deleteAuthProfile: {
        readonly method: "DELETE";
        readonly path: "/v1/auth-profiles/{id}";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: false;
        readonly auth: true;
        readonly idempotent: false;
    };
    /** Load a page with the profile and report whether it looks logged in */
    readonly testAuthProfile: {
        readonly method: "POST";
        readonly path: "/v1/auth-profiles/{id}/test";
        readonly pathParams: readonly ["id"];
        readonly query: false;
        readonly body: true;
        readonly auth: true;
        readonly idempotent: true;
    };
    /** List backgrounds: the gradient presets and a page of the catalogue */
    readonly listBackgrounds: {
        readonly method: "GET";
        readonly path: "/v1/backgrounds";
        readonly pathParams: readonly [];
        readonly query: true;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** List the background packs */
    readonly listBackgroundPacks: {
        readonly method: "GET";
        readonly path: "/v1/backgrounds/packs";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** Get one catalogue background */
    readonly getBackground: {
        readonly method: "GET";
        readonly path: "/v1/backgrounds/{pack}/{slug}";
        readonly pathParams: readonly ["pack", "slug"];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** A background's 480×320 WebP thumbnail */
    readonly getBackgroundThumbnail: {
        readonly method: "GET";
        readonly path: "/v1/backgrounds/{pack}/{slug}/thumbnail.webp";
        readonly pathParams: readonly ["pack", "slug"];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** Start a CLI login (device authorization grant) */
    readonly createDeviceCode: {
        readonly method: "POST";
        readonly path: "/v1/device/code";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** Poll a CLI login */
    readonly createDeviceToken: {
        readonly method: "POST";
        readonly path: "/v1/device/token";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: true;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** The CLI login approval page (HTML) */
    readonly getDevicePage: {
        readonly method: "GET";
        readonly path: "/device";
        readonly pathParams: readonly [];
        readonly query: true;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** Approve a CLI login (HTML form) */
    readonly approveDeviceLogin: {
        readonly method: "POST";
        readonly path: "/device";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: true;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** The playground (HTML) */
    readonly getPlayground: {
        readonly method: "GET";
        readonly path: "/playground";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** The playground’s script module */
    readonly getPlaygroundScript: {
        readonly method: "GET";
        readonly path: "/playground/app.js";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** The playground’s stylesheet */
    readonly getPlaygroundStyles: {
        readonly method: "GET";
        readonly path: "/playground/style.css";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** Liveness */
    readonly getHealth: {
        readonly method: "GET";
        readonly path: "/health";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** Readiness: DynamoDB, S3, SQS and the browser */
    readonly getReadiness: {
        readonly method: "GET";
        readonly path: "/ready";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** This OpenAPI 3.0 document */
    readonly getOpenApiDocument: {
        readonly method: "GET";
        readonly path: "/openapi.json";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** The reference page’s script */
    readonly getDocsScript: {
        readonly method: "GET";
        readonly path: "/docs/scalar.js";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
    /** The interactive API reference (HTML) */
    readonly getDocs: {
        readonly method: "GET";
        readonly path: "/docs";
        readonly pathParams: readonly [];
        readonly query: false;
        readonly body: false;
        readonly auth: false;
        readonly idempotent: false;
    };
};
export type OperationId = keyof typeof operations;
/** The OpenAPI types of each operation: parameters, requestBody and responses. */
export interface Operations {
    getCapture: paths['/v1/capture']['get'];
    createCapture: paths['/v1/capture']['post'];
    getRaw: paths['/v1/raw']['get'];
    createRaw: paths['/v1/raw']['post'];
    getJob: paths['/v1/jobs/{id}']['get'];
    getWebhookSecret: paths['/v1/webhooks/secret']['get'];
    listRenders: paths['/v1/renders']['get'];
    getRender: paths['/v1/renders/{id}']['get'];
    deleteRender: paths['/v1/renders/{id}']['delete'];
    getRenderFile: paths['/r/{file}']['get'];
    getUsage: paths['/v1/usage']['get'];
    listProjects: paths['/v1/projects']['get'];
    createProject: paths['/v1/projects']['post'];
    getProject: paths['/v1/projects/{id}']['get'];
    updateProject: paths['/v1/projects/{id}']['patch'];
    deleteProject: paths['/v1/projects/{id}']['delete'];
    getProjectSigningSecret: paths['/v1/projects/{id}/signing-secret']['get'];
    rotateProjectSigningSecret: paths['/v1/projects/{id}/signing-secret/rotate']['post'];
    listAuthProfiles: paths['/v1/auth-profiles']['get'];
    createAuthProfile: paths['/v1/auth-profiles']['post'];
    updateAuthProfile: paths['/v1/auth-profiles/{id}']['patch'];
    deleteAuthProfile: paths['/v1/auth-profiles/{id}']['delete'];
    testAuthProfile: paths['/v1/auth-profiles/{id}/test']['post'];
    listBackgrounds: paths['/v1/backgrounds']['get'];
    listBackgroundPacks: paths['/v1/backgrounds/packs']['get'];
    getBackground: paths['/v1/backgrounds/{pack}/{slug}']['get'];
    getBackgroundThumbnail: paths['/v1/backgrounds/{pack}/{slug}/thumbnail.webp']['get'];
    createDeviceCode: paths['/v1/device/code']['post'];
    createDeviceToken: paths['/v1/device/token']['post'];
    getDevicePage: paths['/device']['get'];
    approveDeviceLogin: paths['/device']['post'];
    getPlayground: paths['/playground']['get'];
    getPlaygroundScript: paths['/playground/app.js']['get'];
    getPlaygroundStyles: paths['/playground/style.css']['get'];
    getHealth: paths['/health']['get'];
    getReadiness: paths['/ready']['get'];
    getOpenApiDocument: paths['/openapi.json']['get'];
    getDocsScript: paths['/docs/scalar.js']['get'];
    getDocs: paths['/docs']['get'];
}
