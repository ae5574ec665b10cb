/**
 * @module hmac
 * HMAC-SHA256 in plain JavaScript (FIPS 180-4, RFC 2104). Signing a capture URL is synchronous —
 * it builds an `<img src>` — and WebCrypto only signs asynchronously, while `node:crypto` is
 * missing in browsers and workers; forty lines of SHA-256 keep `signCaptureUrl` a plain function
 * everywhere.
 */
export declare function sha256(message: Uint8Array): Uint8Array;
export declare function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array;
/** Lowercase hex HMAC-SHA256 of `message` under the UTF-8 bytes of `secret`. */
export declare function hmacHex(secret: string, message: string): string;
