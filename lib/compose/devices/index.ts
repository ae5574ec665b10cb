/**
 * @module compose/devices
 * The five device frames by contract name, and how a capture is fitted to one: orientation,
 * the host and title the browser windows show, and the default colour.
 */
import type { Device } from '../../schemas/capture.ts';
import { browserMacos } from './browser-macos.ts';
import { browserWindows } from './browser-windows.ts';
import { ipadProM4 } from './ipad-pro-m4.ts';
import { iphone16Pro } from './iphone-16-pro.ts';
import { macbookPro16 } from './macbook-pro-16.ts';
import type { DeviceDefinition, FrameOptions } from './spec.ts';

export type { DeviceDefinition, FrameOptions, FrameSpec, Radii, Rect } from './spec.ts';

export const DEVICE_FRAMES: Record<Device, DeviceDefinition> = {
  'iphone-16-pro': iphone16Pro,
  'macbook-pro-16': macbookPro16,
  'ipad-pro-m4': ipadProM4,
  'browser-macos': browserMacos,
  'browser-windows': browserWindows,
};

/**
 * The host a URL bar shows: no scheme, no `www.`. An `html` document served at the address that
 * never resolves (RFC 6761 `.invalid`, schemas/capture.ts) shows an empty field, like a new tab.
 */
export function displayHost(pageUrl: string): string {
  try {
    const url = new URL(pageUrl);
    return url.hostname.endsWith('.invalid') ? '' : url.host.replace(/^www\./, '');
  } catch {
    return pageUrl;
  }
}

/** Frame options for a capture of `content` CSS pixels. */
export function frameOptions(
  device: Device,
  color: string | undefined,
  content: { width: number; height: number },
  page: { url: string; title?: string },
): FrameOptions {
  const def = DEVICE_FRAMES[device];
  // Only a frame that shows them gets the page's host and title: for the others they would only
  // make every page's frame (and its cache key) different.
  const host = def.showsPage ? displayHost(page.url) : '';
  return {
    color: color ?? def.defaultColor,
    landscape: def.rotates && content.width > content.height * 1.05,
    content,
    host,
    title: def.showsPage ? page.title?.trim() || host : '',
  };
}
