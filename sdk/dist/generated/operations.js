/** Every operation of the API by its operationId. */
export const operations = {
    /** Capture with query parameters (also signed URLs) */
    getCapture: {
        method: 'GET',
        path: '/v1/capture',
        pathParams: [],
        query: true,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Capture and style a page */
    createCapture: {
        method: 'POST',
        path: '/v1/capture',
        pathParams: [],
        query: false,
        body: true,
        auth: true,
        idempotent: true,
    },
    /** Raw screenshot with query parameters */
    getRaw: {
        method: 'GET',
        path: '/v1/raw',
        pathParams: [],
        query: true,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Raw screenshot */
    createRaw: {
        method: 'POST',
        path: '/v1/raw',
        pathParams: [],
        query: false,
        body: true,
        auth: true,
        idempotent: true,
    },
    /** Poll an async job */
    getJob: {
        method: 'GET',
        path: '/v1/jobs/{id}',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** The account's webhook signing secret (whsec_…) */
    getWebhookSecret: {
        method: 'GET',
        path: '/v1/webhooks/secret',
        pathParams: [],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** List renders, newest first */
    listRenders: {
        method: 'GET',
        path: '/v1/renders',
        pathParams: [],
        query: true,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Get a render */
    getRender: {
        method: 'GET',
        path: '/v1/renders/{id}',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Delete a render and its image */
    deleteRender: {
        method: 'DELETE',
        path: '/v1/renders/{id}',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Open a render link */
    getRenderFile: {
        method: 'GET',
        path: '/r/{file}',
        pathParams: ['file'],
        query: true,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Credits, plan and the last 30 days */
    getUsage: {
        method: 'GET',
        path: '/v1/usage',
        pathParams: [],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** List projects */
    listProjects: {
        method: 'GET',
        path: '/v1/projects',
        pathParams: [],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Create a project */
    createProject: {
        method: 'POST',
        path: '/v1/projects',
        pathParams: [],
        query: false,
        body: true,
        auth: true,
        idempotent: true,
    },
    /** Get a project */
    getProject: {
        method: 'GET',
        path: '/v1/projects/{id}',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Change a project */
    updateProject: {
        method: 'PATCH',
        path: '/v1/projects/{id}',
        pathParams: ['id'],
        query: false,
        body: true,
        auth: true,
        idempotent: false,
    },
    /** Delete a project */
    deleteProject: {
        method: 'DELETE',
        path: '/v1/projects/{id}',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** The project's signing secret (and its webhook secret) */
    getProjectSigningSecret: {
        method: 'GET',
        path: '/v1/projects/{id}/signing-secret',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Rotate the signing secret (the previous one keeps working for 24 h) */
    rotateProjectSigningSecret: {
        method: 'POST',
        path: '/v1/projects/{id}/signing-secret/rotate',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: true,
    },
    /** List auth profiles */
    listAuthProfiles: {
        method: 'GET',
        path: '/v1/auth-profiles',
        pathParams: [],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Store credentials for logged-in captures */
    createAuthProfile: {
        method: 'POST',
        path: '/v1/auth-profiles',
        pathParams: [],
        query: false,
        body: true,
        auth: true,
        idempotent: true,
    },
    /** Change an auth profile */
    updateAuthProfile: {
        method: 'PATCH',
        path: '/v1/auth-profiles/{id}',
        pathParams: ['id'],
        query: false,
        body: true,
        auth: true,
        idempotent: false,
    },
    /** Delete an auth profile */
    deleteAuthProfile: {
        method: 'DELETE',
        path: '/v1/auth-profiles/{id}',
        pathParams: ['id'],
        query: false,
        body: false,
        auth: true,
        idempotent: false,
    },
    /** Load a page with the profile and report whether it looks logged in */
    testAuthProfile: {
        method: 'POST',
        path: '/v1/auth-profiles/{id}/test',
        pathParams: ['id'],
        query: false,
        body: true,
        auth: true,
        idempotent: true,
    },
    /** List backgrounds: the gradient presets and a page of the catalogue */
    listBackgrounds: {
        method: 'GET',
        path: '/v1/backgrounds',
        pathParams: [],
        query: true,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** List the background packs */
    listBackgroundPacks: {
        method: 'GET',
        path: '/v1/backgrounds/packs',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** Get one catalogue background */
    getBackground: {
        method: 'GET',
        path: '/v1/backgrounds/{pack}/{slug}',
        pathParams: ['pack', 'slug'],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** A background's 480×320 WebP thumbnail */
    getBackgroundThumbnail: {
        method: 'GET',
        path: '/v1/backgrounds/{pack}/{slug}/thumbnail.webp',
        pathParams: ['pack', 'slug'],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** Start a CLI login (device authorization grant) */
    createDeviceCode: {
        method: 'POST',
        path: '/v1/device/code',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** Poll a CLI login */
    createDeviceToken: {
        method: 'POST',
        path: '/v1/device/token',
        pathParams: [],
        query: false,
        body: true,
        auth: false,
        idempotent: false,
    },
    /** The CLI login approval page (HTML) */
    getDevicePage: {
        method: 'GET',
        path: '/device',
        pathParams: [],
        query: true,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** Approve a CLI login (HTML form) */
    approveDeviceLogin: {
        method: 'POST',
        path: '/device',
        pathParams: [],
        query: false,
        body: true,
        auth: false,
        idempotent: false,
    },
    /** The playground (HTML) */
    getPlayground: {
        method: 'GET',
        path: '/playground',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** The playground’s script module */
    getPlaygroundScript: {
        method: 'GET',
        path: '/playground/app.js',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** The playground’s stylesheet */
    getPlaygroundStyles: {
        method: 'GET',
        path: '/playground/style.css',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** Liveness */
    getHealth: {
        method: 'GET',
        path: '/health',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** Readiness: DynamoDB, S3, SQS and the browser */
    getReadiness: {
        method: 'GET',
        path: '/ready',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** This OpenAPI 3.0 document */
    getOpenApiDocument: {
        method: 'GET',
        path: '/openapi.json',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** The reference page’s script */
    getDocsScript: {
        method: 'GET',
        path: '/docs/scalar.js',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
    /** The interactive API reference (HTML) */
    getDocs: {
        method: 'GET',
        path: '/docs',
        pathParams: [],
        query: false,
        body: false,
        auth: false,
        idempotent: false,
    },
};
