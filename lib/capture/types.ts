/**
 * @module capture/types
 * What goes into a capture and what comes out.
 */
import type { CookieData } from 'puppeteer-core';
import type { RawParams } from '../schemas/capture.ts';
import type { ModelConfig } from '../understand/model.ts';
import type { ElementMatch, PageSignals } from '../understand/types.ts';
import type { PdfOptions } from './pdf.ts';

/** The source, navigation, viewport and element fields of the capture contract (§3). */
type PageFields =
  | 'html'
  | 'base_url'
  | 'wait_for'
  | 'block'
  | 'inject_css'
  | 'inject_js'
  | 'hide_selectors'
  | 'dark_mode'
  | 'full_page'
  | 'full_page_max_height'
  | 'animation'
  | 'viewport'
  | 'capture_dpr'
  | 'user_agent'
  | 'emulate_mobile'
  | 'emulate_touch'
  | 'locale'
  | 'timezone'
  | 'device'
  | 'selector'
  | 'element';

/** Stored credentials applied to one capture (auth profiles, §8). */
export interface CaptureSession {
  cookies?: CookieData[];
  /** origin (`https://app.example.com`) → key → value, written before the page's scripts run. */
  localStorage?: Record<string, Record<string, string>>;
  /** Sent with requests to hosts inside `domain` only, never to third parties or sibling sites. */
  headers?: Record<string, string>;
  /** The auth profile's domain (`app.example.com` covers it and its subdomains); the target's host if absent. */
  domain?: string;
}

export { HTML_DOCUMENT_URL } from '../schemas/capture.ts';

/**
 * Parameters of one capture: the page fields of `RawParams` (validated output), all optional
 * except `url`; missing fields take the contract's defaults.
 */
export type CaptureInput = {
  /**
   * The page's URL. With `html` (a whole document, §14), the URL the document is served at: it is
   * answered from memory to the main frame's request for `url`, never fetched.
   */
  url: string;
  /** Print the page instead of shooting it (`output.format: "pdf"` on `/v1/raw`, §14). */
  pdf?: PdfOptions;
} & Partial<Pick<RawParams, PageFields>> & {
    session?: CaptureSession;
    /** Read the page's signals for page understanding (§10) in the same pass as the element. */
    collect_signals?: boolean;
  };

export interface CaptureOptions {
  allowPrivateTargets: boolean;
  /** Navigation + render budget; a capture that needs longer fails. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** The optional model that may break `element` ties (§10). */
  model?: ModelConfig;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ElementResolved {
  selector: string;
  score: number;
  text_excerpt: string;
  /** CSS px, relative to the document. */
  box: Box;
  /** `element`: the next best candidates, with their scores. */
  alternatives?: ElementMatch[];
}

export interface CaptureResult {
  /** PNG; the printed PDF with `pdf`; the first frame (JPEG) with `animation`. */
  image: Buffer;
  /** Device pixels (CSS px × dpr). */
  width: number;
  height: number;
  dpr: number;
  format: 'png' | 'jpeg' | 'pdf';
  /** With `pdf`: how many pages were printed, on which paper. */
  pdf?: { pages: number; paper: PdfOptions['paper']; landscape: boolean };
  /** With `animation`: one JPEG per output frame, `width` × `height` px (dpr 1), and how it went. */
  animation?: { frames: Buffer[]; fps: number; scrolled: number; received: number; distinct: number };
  warnings: string[];
  element_resolved?: ElementResolved;
  /** With `collect_signals`: what the page says of itself. */
  signals?: PageSignals;
  page: { url: string; title: string; status: number; has_password_field: boolean };
  /** Milliseconds per pipeline step, plus `total`. */
  timings: Record<string, number>;
}
