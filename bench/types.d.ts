// Minimal typings for the untyped packages the benchmark and the load test drive.

declare module 'browserless' {
  import type { Browser, LaunchOptions } from 'puppeteer-core';

  interface ScreenshotOptions {
    type?: 'png' | 'jpeg' | 'webp';
    fullPage?: boolean;
    viewport?: { width: number; height: number; deviceScaleFactor?: number };
    waitUntil?: string;
    timeout?: number;
    [option: string]: unknown;
  }

  interface BrowserlessContext {
    screenshot(url: string, options?: ScreenshotOptions): Promise<Buffer>;
    destroyContext(options?: { force?: boolean }): Promise<void>;
    browser(): Promise<Browser>;
  }

  interface BrowserlessFactory {
    createContext(options?: { retry?: number; timeout?: number }): Promise<BrowserlessContext>;
    browser(): Promise<Browser>;
    close(options?: { force?: boolean }): Promise<void>;
  }

  export default function createBrowser(
    options?: LaunchOptions & { timeout?: number; headless?: boolean | 'shell' },
  ): BrowserlessFactory;
}

declare module 'autocannon' {
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  }

  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Request[];
  }

  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    max: number;
    total: number;
  }

  export interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export default function autocannon(options: Options): Promise<Result>;
}
