/**
 * @module compose/encode
 * The output encoders with their speed/size trade-offs chosen for an API, where the encode is on
 * the critical path of every render. Measured on a composed 2400×1800 browser-window render
 * (medians of 5, 2-core machine):
 *
 * | format | setting | ms | KB | instead of | ms | KB |
 * |---|---|---:|---:|---|---:|---:|
 * | png | zlib 4, no adaptive filtering | 111 | 1538 | adaptive filtering | 292 | 1487 |
 * | jpg | libjpeg-turbo, optimised Huffman | 107 | 298 | mozjpeg (trellis) | 770 | 253 |
 * | webp | effort 2 | 158 | 115 | effort 3 + smart subsampling | 1234 | 113 |
 * | avif | effort 1 | 693–982 | 99 | effort 3 | 2936 | 87 |
 */
import sharp, { type Sharp } from 'sharp';
import type { Format, RenderFormat } from '../schemas/capture.ts';

export const CONTENT_TYPES: Record<Format, string> = {
  png: 'image/png',
  webp: 'image/webp',
  jpg: 'image/jpeg',
  avif: 'image/avif',
  gif: 'image/gif',
};
/** Every format a render is stored in: the images, and `/v1/raw`'s printed `pdf`. */
export const RENDER_CONTENT_TYPES: Record<RenderFormat, string> = {
  ...CONTENT_TYPES,
  pdf: 'application/pdf',
};

/** Encodes `img`; `opaque` drops the alpha channel (smaller, faster), jpg is always flattened on white. */
export function encode(img: Sharp, format: Format, quality: number, opaque: boolean): Promise<Buffer> {
  if (format === 'jpg' && !opaque) img = img.flatten({ background: '#ffffff' });
  else if (opaque) img = img.removeAlpha();
  switch (format) {
    case 'png':
      return img.png({ compressionLevel: 4, adaptiveFiltering: false }).toBuffer();
    case 'webp':
      return img.webp({ quality, effort: 2 }).toBuffer();
    case 'jpg':
      return img
        .jpeg({ quality, optimiseCoding: true, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0' })
        .toBuffer();
    case 'avif':
      return img.avif({ quality: Math.max(1, quality - 10), effort: 1 }).toBuffer();
    case 'gif':
      return img.gif({ effort: 5 }).toBuffer();
  }
}

/** Frames of one animation: raw pixels, every frame `width` × `height` × `channels`, in order. */
export interface Frames {
  data: Buffer[];
  width: number;
  height: number;
  channels: 3 | 4;
  /** ms each frame shows. */
  delayMs: number;
}

/**
 * One animated WebP or GIF, looping. The frames go to libvips as one tall raw image cut into
 * pages. Measured on 71 composed 608×1080 frames (bench/animation.ts): WebP at effort 2 takes
 * ~4.1 s and `smartSubsample` doubles that; GIF quantises every frame (~11 s without dithering,
 * ~20 s with), and `interFrameMaxError` lets unchanged pixels through as transparent (-30 % bytes).
 */
export function encodeAnimation(frames: Frames, format: 'webp' | 'gif', quality: number): Promise<Buffer> {
  const { width, height, channels } = frames;
  const img = sharp(Buffer.concat(frames.data), {
    raw: { width, height: height * frames.data.length, channels, pageHeight: height },
    limitInputPixels: false,
  });
  const delay = frames.data.map(() => frames.delayMs);
  return format === 'webp'
    ? img.webp({ quality, effort: 2, loop: 0, delay }).toBuffer()
    : img.gif({ loop: 0, delay, effort: 1, dither: 0, interFrameMaxError: 8 }).toBuffer();
}
