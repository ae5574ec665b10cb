export declare const CAPTURE_PATH = "/v1/capture";
export type Scalar = string | number | boolean;
/** Capture parameters as a tree: nested objects become dotted names, arrays comma lists. */
export type ParamTree = {
    [name: string]: Scalar | Scalar[] | ParamTree | null | undefined;
};
export interface SignCaptureUrlOptions {
    /** The deployment, e.g. `https://shots.example.com`. */
    baseUrl: string;
    /** The project whose signing secret signs (`prj_…`). */
    projectId: string;
    /** The project's signing secret (`GET /v1/projects/{id}/signing-secret`). */
    secret: string;
    /** Capture parameters, at least `url` (or `site`). */
    params: ParamTree;
    /** When the URL stops working: unix seconds or a Date. */
    expires?: number | Date;
    /** Or its lifetime in seconds from now (default 7 days). The project's `signed_url_max_ttl` caps both. */
    expiresIn?: number;
}
/**
 * Flattens parameters to query pairs: nested objects become dotted names (`output.format`),
 * lists one comma list (signed URLs refuse repeated keys).
 */
export declare function queryPairs(params: ParamTree, prefix?: string): Array<[string, string]>;
/** The sorted, encoded pairs of the canonical string. */
export declare const sortedPairs: (pairs: ReadonlyArray<readonly [string, string]>) => string[];
/** The string that is signed, from every pair but `signature`. */
export declare const canonicalString: (pairs: ReadonlyArray<readonly [string, string]>) => string;
/** Lowercase hex HMAC-SHA256 of the canonical string. */
export declare const signatureOf: (secret: string, canonical: string) => string;
/**
 * A `GET {baseUrl}/v1/capture?…&project_id&expires&signature` URL that the project's signing
 * secret vouches for until it expires: it answers 302 to the image, for an `<img src>`.
 *
 * @example
 * signCaptureUrl({ baseUrl: 'https://shots.example.com', projectId: 'prj_01…', secret,
 *   params: { url: 'https://example.com', device: 'iphone-16-pro' }, expiresIn: 3600 })
 */
export declare function signCaptureUrl(options: SignCaptureUrlOptions): string;
