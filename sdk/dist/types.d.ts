/**
 * @module types
 * Names for the API's shapes, all read from the generated OpenAPI types: the component schemas
 * by name, and each operation's body, query and success answer by operationId.
 */
import type { OperationId, Operations } from './generated/operations.js';
import type { components } from './generated/schema.js';
type Schemas = components['schemas'];
export type CaptureRequest = Schemas['CaptureRequest'];
export type RawRequest = Schemas['RawRequest'];
export type CaptureResponse = Schemas['CaptureResponse'];
export type AcceptedJob = Schemas['AcceptedJob'];
export type Job = Schemas['Job'];
export type JobError = Schemas['JobError'];
export type Render = Schemas['Render'];
export type RenderList = Schemas['RenderList'];
export type Usage = Schemas['Usage'];
export type Project = Schemas['Project'];
export type ProjectList = Schemas['ProjectList'];
export type NewProject = Schemas['NewProject'];
export type ProjectChanges = Schemas['ProjectChanges'];
export type ProjectSecrets = Schemas['ProjectSecrets'];
export type AuthProfile = Schemas['AuthProfile'];
export type AuthProfileList = Schemas['AuthProfileList'];
export type NewAuthProfile = Schemas['NewAuthProfile'];
export type AuthProfileChanges = Schemas['AuthProfileChanges'];
export type ProfileTest = Schemas['ProfileTest'];
export type ProfileTestResult = Schemas['ProfileTestResult'];
export type Background = Schemas['Background'];
export type BackgroundList = Schemas['BackgroundList'];
export type PackList = Schemas['PackList'];
export type Deleted = Schemas['Deleted'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];
/** What a job's webhook POSTs (§4), as `verifyWebhook` hands it back. */
export interface WebhookEvent {
    job_id: string;
    status: Job['status'];
    result?: CaptureResponse;
    error?: JobError;
}
type Op<Id extends OperationId> = Operations[Id];
type JsonOf<R> = R extends {
    content: {
        'application/json': infer T;
    };
} ? T : never;
type Scalar = string | number | boolean;
/** The JSON body an operation takes. */
export type BodyOf<Id extends OperationId> = Op<Id> extends {
    requestBody?: {
        content: {
            'application/json': infer B;
        };
    };
} ? B : never;
/** The query parameters an operation takes; numbers and booleans are sent as text. */
export type QueryOf<Id extends OperationId> = Op<Id> extends {
    parameters: {
        query?: infer Q;
    };
} ? [Q] extends [never | undefined] ? never : {
    [K in keyof Q]?: Q[K] | Scalar;
} : never;
/** The JSON of an operation's success answers (2xx). */
export type ResultOf<Id extends OperationId> = {
    [S in keyof Op<Id>['responses']]: S extends 200 | 201 | 202 ? JsonOf<Op<Id>['responses'][S]> : never;
}[keyof Op<Id>['responses']];
/** Everything one call of an operation can carry. */
export interface RequestInput<Id extends OperationId> {
    /** Values of the path's `{placeholders}`. */
    path?: Record<string, string>;
    query?: QueryOf<Id>;
    body?: BodyOf<Id>;
    headers?: Record<string, string>;
    signal?: AbortSignal;
}
/** An answer: its status, headers and parsed JSON. */
export interface ApiResponse<T> {
    status: number;
    headers: Headers;
    data: T;
    /** The answer's `X-Request-Id`. */
    requestId?: string;
}
export {};
