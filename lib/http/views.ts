/**
 * @module http/views
 * How stored records look on the wire.
 */
import { renderUrl } from '../signing/render-url.ts';
import type { Render } from '../store/renders.ts';

export interface RenderUrls {
  base: string;
  secret: string;
}

export const signedRenderUrl = (render: Render, urls: RenderUrls) =>
  renderUrl(urls.base, urls.secret, render.id, render.format, Date.parse(render.expires_at));

export function renderView(render: Render, urls: RenderUrls) {
  return {
    id: render.id,
    url: signedRenderUrl(render, urls),
    width: render.width,
    height: render.height,
    format: render.format,
    bytes: render.bytes,
    kind: render.kind,
    source_url: render.source_url,
    created_at: render.created_at,
    expires_at: render.expires_at,
  };
}
