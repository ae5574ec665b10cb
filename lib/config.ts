/**
 * @module config
 * Environment → typed, validated configuration. The only module that reads `process.env`.
 */
import * as v from 'valibot';
import resources from '../infra/resources.json' with { type: 'json' };

const bool = (fallback: boolean) =>
  v.pipe(
    v.optional(v.picklist(['true', 'false', '1', '0', 'yes', 'no', '']), fallback ? 'true' : 'false'),
    v.transform((s) => (s === '' ? fallback : ['true', '1', 'yes'].includes(s))),
  );

const int = (fallback: number, min: number, max: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.transform((s) => (s === '' ? fallback : Number(s))),
    v.number('must be a number'),
    v.integer('must be an integer'),
    v.minValue(min),
    v.maxValue(max),
  );

const optionalString = v.pipe(
  v.optional(v.string()),
  v.transform((s) => (s === '' ? undefined : s)),
);

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`: no path, query, credentials or slash. */
function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) && url.origin === value;
}

export interface Plan {
  name: string;
  monthlyCredits: number;
  requestsPerMinute: number;
  concurrentCaptures: number;
}

/** Contract §2 defaults; `FRAMESHOT_PLANS` (JSON) may replace or extend them. */
export const DEFAULT_PLANS: Record<string, Plan> = {
  free: { name: 'free', monthlyCredits: 200, requestsPerMinute: 10, concurrentCaptures: 1 },
  starter: { name: 'starter', monthlyCredits: 2000, requestsPerMinute: 60, concurrentCaptures: 2 },
  pro: { name: 'pro', monthlyCredits: 20000, requestsPerMinute: 300, concurrentCaptures: 8 },
};

const PlanSchema = v.object({
  monthly_credits: v.pipe(v.number(), v.integer(), v.minValue(0)),
  requests_per_minute: v.pipe(v.number(), v.integer(), v.minValue(1)),
  concurrent_captures: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

const EnvSchema = v.object({
  PORT: int(8787, 1, 65535),
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty()), '127.0.0.1'),
  FRAMESHOT_DATA_DIR: v.optional(v.string(), '.data'),
  FRAMESHOT_PUBLIC_BASE_URL: optionalString,
  FRAMESHOT_ALLOW_PRIVATE_TARGETS: bool(false),
  FRAMESHOT_STAGE: v.optional(v.string(), 'local'),
  FRAMESHOT_TABLE: v.optional(v.string(), 'frameshot-main'),
  FRAMESHOT_QUEUE_URL: optionalString,
  FRAMESHOT_DLQ_URL: optionalString,
  FRAMESHOT_WEBHOOK_QUEUE_URL: optionalString,
  FRAMESHOT_QUEUE_NAME: v.optional(v.string(), 'frameshot-captures'),
  FRAMESHOT_DLQ_NAME: v.optional(v.string(), 'frameshot-captures-dlq'),
  FRAMESHOT_WEBHOOK_QUEUE_NAME: v.optional(v.string(), 'frameshot-webhooks'),
  FRAMESHOT_BUCKET: v.optional(v.string(), 'frameshot-renders'),
  /** HMAC key for render URLs (§6). Local stack generates and persists one in the data dir. */
  FRAMESHOT_RENDER_SECRET: optionalString,
  /** 32-byte base64 key that wraps auth-profile data keys (§8). */
  FRAMESHOT_ENCRYPTION_KEY: optionalString,
  /** Secrets Manager secret holding the two above on AWS (aws/secrets.ts reads it at cold start). */
  FRAMESHOT_SECRETS_ID: optionalString,
  FRAMESHOT_PLANS: optionalString,
  FRAMESHOT_CHROMIUM_PATH: optionalString,
  /** Where @sparticuz/chromium's brotli files are (a Lambda layer's /opt/chromium/bin); default: the package's own bin/. */
  FRAMESHOT_CHROMIUM_BIN_DIR: optionalString,
  FRAMESHOT_CHROMIUM_SANDBOX: v.optional(v.picklist(['auto', 'off']), 'auto'),
  AWS_LAMBDA_FUNCTION_NAME: optionalString,
  /** Extra filter-list folders (comma-separated), each with ads/, trackers/, … of ABP-syntax .txt files. */
  FRAMESHOT_FILTER_LISTS: optionalString,
  FRAMESHOT_BROWSER_CONCURRENCY: int(2, 1, 64),
  FRAMESHOT_BROWSER_RECYCLE_AFTER: int(200, 1, 100000),
  FRAMESHOT_BROWSER_MAX_RSS_MB: int(1536, 128, 65536),
  FRAMESHOT_RENDER_RETENTION_DAYS: int(30, 1, 3650),
  /**
   * How long a request may take off Lambda (on Lambda the invocation's remaining time is used):
   * API Gateway's 29 s, so `npm start` budgets sync captures as a deployment does.
   */
  FRAMESHOT_REQUEST_TIMEOUT_MS: int(29_000, 3_000, 600_000),
  /**
   * How long a process trusts the API keys and accounts it has read (store/memo): a revoked key or
   * a changed plan takes effect on every process within this time. At most 10 s; 0 = always read.
   */
  FRAMESHOT_AUTH_CACHE_MS: int(10_000, 0, 10_000),
  /** Seconds before a job that failed transiently is retried (doubles per attempt). */
  FRAMESHOT_JOB_RETRY_SECONDS: int(10, 0, 900),
  /**
   * The captures queue's visibility timeout (infra/resources.json sets the queue's). A worker's
   * job lease and heartbeat follow it; only set it for a queue made with another value.
   */
  FRAMESHOT_JOB_VISIBILITY_SECONDS: int(resources.queues.captures.VisibilityTimeout, 3, 43_200),
  /** Delays before webhook attempts 2, 3, 4 and 5. */
  FRAMESHOT_WEBHOOK_BACKOFF_SECONDS: v.pipe(
    v.optional(v.string(), '10,60,300,900'),
    v.transform((s) => s.split(',').map((n) => Number(n.trim()))),
    v.array(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(900)),
      'must be comma-separated seconds (0–900)',
    ),
  ),
  /** An optional OpenAI-compatible endpoint that may refine page understanding (§10); unset = offline only. */
  /** Browser origins allowed to call the API (CORS), comma-separated; `*` for any (no cookies, so no credentials). */
  FRAMESHOT_CORS_ORIGINS: v.pipe(
    v.optional(v.string(), '*'),
    v.transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
    v.check((origins) => origins.length > 0, 'must name at least one origin, or * for any'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const bad = dataset.value.find((o) => o !== '*' && !isOrigin(o));
      if (bad !== undefined) {
        addIssue({
          message: `"${bad}" is not an origin: write scheme://host[:port] with no path or trailing slash (https://app.example.com), or * for any`,
        });
      }
    }),
  ),
  FRAMESHOT_AI_BASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.url('must be a URL such as http://localhost:11434/v1'),
      v.check((s) => /^https?:/i.test(s), 'must be an http(s) URL such as https://api.openai.com/v1'),
      v.check(
        (s) => !URL.canParse(s) || (!new URL(s).username && !new URL(s).password),
        'must not carry credentials; set FRAMESHOT_AI_API_KEY instead',
      ),
    ),
  ),
  FRAMESHOT_AI_API_KEY: optionalString,
  FRAMESHOT_AI_MODEL: v.optional(v.string(), 'gpt-4o-mini'),
  FRAMESHOT_AI_TIMEOUT_MS: int(2500, 100, 20000),
  FRAMESHOT_LOG_LEVEL: v.optional(v.picklist(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
  AWS_REGION: v.optional(v.string(), 'us-east-1'),
  AWS_ENDPOINT_URL: optionalString,
  AWS_ENDPOINT_URL_DYNAMODB: optionalString,
  AWS_ENDPOINT_URL_SQS: optionalString,
  AWS_ENDPOINT_URL_S3: optionalString,
});

export interface Config {
  port: number;
  /** Where the local HTTP server listens: loopback unless `HOST=0.0.0.0` opens it to the network. */
  host: string;
  dataDir: string;
  publicBaseUrl: string;
  allowPrivateTargets: boolean;
  /** Origins whose pages may call the API (CORS); `['*']` = any. Never with credentials. */
  corsOrigins: string[];
  stage: string;
  region: string;
  endpoints: { dynamodb?: string; sqs?: string; s3?: string };
  /** Emulators need path-style S3 and no streaming checksums (ARCHITECTURE.md, s3rver). */
  localEmulators: boolean;
  table: string;
  queues: {
    captures: { name: string; url?: string };
    dlq: { name: string; url?: string };
    webhooks: { name: string; url?: string };
  };
  bucket: string;
  renderSecret?: string;
  encryptionKey?: string;
  plans: Record<string, Plan>;
  browser: {
    executablePath?: string;
    /** The directory @sparticuz/chromium unpacks its binary from (a layer on Lambda). */
    binDir?: string;
    /** `auto`: Chromium's sandbox on wherever the platform allows it (not on Lambda); `off`: never. */
    sandbox: 'auto' | 'off';
    filterListDirs: string[];
    concurrency: number;
    recycleAfter: number;
    maxRssMb: number;
  };
  renderRetentionDays: number;
  /** A request's time off Lambda; on Lambda, `getRemainingTimeInMillis()` decides. */
  requestTimeoutMs: number;
  /** How long API keys and accounts read by a process are trusted (≤ 10 s; 0 = not remembered). */
  authCacheMs: number;
  /** Running as a Lambda function (AWS_LAMBDA_FUNCTION_NAME is set). */
  lambda: boolean;
  /** `maxAttempts` is the captures queue's `maxReceiveCount` (infra/resources.json): the last try fails the job. */
  jobs: { retrySeconds: number; visibilitySeconds: number; maxAttempts: number };
  webhooks: { backoffSeconds: number[]; timeoutMs: number; maxAttempts: number };
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** The optional model that may refine page understanding; absent = everything offline. */
  ai?: { baseUrl: string; apiKey?: string; model: string; timeoutMs: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parsePlans(json: string | undefined): Record<string, Plan> {
  if (!json) return DEFAULT_PLANS;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError('FRAMESHOT_PLANS is not valid JSON');
  }
  const parsed = v.safeParse(v.record(v.string(), PlanSchema), raw);
  if (!parsed.success) {
    throw new ConfigError(
      `FRAMESHOT_PLANS: ${parsed.issues[0]?.message} — expected {"name": {"monthly_credits", "requests_per_minute", "concurrent_captures"}}`,
    );
  }
  const plans = { ...DEFAULT_PLANS };
  for (const [name, p] of Object.entries(parsed.output)) {
    plans[name] = {
      name,
      monthlyCredits: p.monthly_credits,
      requestsPerMinute: p.requests_per_minute,
      concurrentCaptures: p.concurrent_captures,
    };
  }
  return plans;
}

/**
 * A deployment's render links and OpenAPI `servers` come from FRAMESHOT_PUBLIC_BASE_URL
 * (serverless.yml sets the HTTP API's URL or the custom domain): never the localhost default.
 */
function checkDeployedBaseUrl(url: string | undefined): void {
  if (!url || /^https?:\/\/(localhost|127\.|\[::1\])/i.test(url)) {
    throw new ConfigError(
      `FRAMESHOT_PUBLIC_BASE_URL: a deployment needs its public URL (got ${url ? `"${url}"` : 'nothing'}); serverless.yml sets the HTTP API's URL, or pass --param="publicBaseUrl=https://…"`,
    );
  }
}

/** Reads configuration from an environment (default: `process.env`). Throws `ConfigError` naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = v.safeParse(EnvSchema, env);
  if (!parsed.success) {
    const issue = parsed.issues[0]!;
    const key = v.getDotPath(issue) ?? 'environment';
    throw new ConfigError(`${key}: ${issue.message}`);
  }
  const e = parsed.output;
  if (e.AWS_LAMBDA_FUNCTION_NAME) checkDeployedBaseUrl(e.FRAMESHOT_PUBLIC_BASE_URL);
  const endpoints = {
    dynamodb: e.AWS_ENDPOINT_URL_DYNAMODB ?? e.AWS_ENDPOINT_URL,
    sqs: e.AWS_ENDPOINT_URL_SQS ?? e.AWS_ENDPOINT_URL,
    s3: e.AWS_ENDPOINT_URL_S3 ?? e.AWS_ENDPOINT_URL,
  };
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.FRAMESHOT_DATA_DIR,
    publicBaseUrl: (e.FRAMESHOT_PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    allowPrivateTargets: e.FRAMESHOT_ALLOW_PRIVATE_TARGETS,
    corsOrigins: e.FRAMESHOT_CORS_ORIGINS,
    stage: e.FRAMESHOT_STAGE,
    region: e.AWS_REGION,
    endpoints,
    localEmulators: Boolean(endpoints.s3),
    table: e.FRAMESHOT_TABLE,
    queues: {
      captures: { name: e.FRAMESHOT_QUEUE_NAME, url: e.FRAMESHOT_QUEUE_URL },
      dlq: { name: e.FRAMESHOT_DLQ_NAME, url: e.FRAMESHOT_DLQ_URL },
      webhooks: { name: e.FRAMESHOT_WEBHOOK_QUEUE_NAME, url: e.FRAMESHOT_WEBHOOK_QUEUE_URL },
    },
    bucket: e.FRAMESHOT_BUCKET,
    renderSecret: e.FRAMESHOT_RENDER_SECRET,
    encryptionKey: e.FRAMESHOT_ENCRYPTION_KEY,
    plans: parsePlans(e.FRAMESHOT_PLANS),
    browser: {
      executablePath: e.FRAMESHOT_CHROMIUM_PATH,
      binDir: e.FRAMESHOT_CHROMIUM_BIN_DIR,
      // Lambda has no user namespaces and no setuid helper: the microVM is the boundary there.
      sandbox: e.AWS_LAMBDA_FUNCTION_NAME ? 'off' : e.FRAMESHOT_CHROMIUM_SANDBOX,
      filterListDirs: (e.FRAMESHOT_FILTER_LISTS ?? '')
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
      concurrency: e.FRAMESHOT_BROWSER_CONCURRENCY,
      recycleAfter: e.FRAMESHOT_BROWSER_RECYCLE_AFTER,
      maxRssMb: e.FRAMESHOT_BROWSER_MAX_RSS_MB,
    },
    renderRetentionDays: e.FRAMESHOT_RENDER_RETENTION_DAYS,
    requestTimeoutMs: e.FRAMESHOT_REQUEST_TIMEOUT_MS,
    authCacheMs: e.FRAMESHOT_AUTH_CACHE_MS,
    lambda: Boolean(e.AWS_LAMBDA_FUNCTION_NAME),
    jobs: {
      retrySeconds: e.FRAMESHOT_JOB_RETRY_SECONDS,
      visibilitySeconds: e.FRAMESHOT_JOB_VISIBILITY_SECONDS,
      maxAttempts: resources.queues.maxReceiveCount,
    },
    webhooks: { backoffSeconds: e.FRAMESHOT_WEBHOOK_BACKOFF_SECONDS, timeoutMs: 10_000, maxAttempts: 5 },
    logLevel: e.FRAMESHOT_LOG_LEVEL,
    ...(e.FRAMESHOT_AI_BASE_URL
      ? {
          ai: {
            baseUrl: e.FRAMESHOT_AI_BASE_URL.replace(/\/+$/, ''),
            ...(e.FRAMESHOT_AI_API_KEY ? { apiKey: e.FRAMESHOT_AI_API_KEY } : {}),
            model: e.FRAMESHOT_AI_MODEL,
            timeoutMs: e.FRAMESHOT_AI_TIMEOUT_MS,
          },
        }
      : {}),
  };
}
