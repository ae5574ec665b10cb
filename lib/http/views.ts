/**
 * @module http/views
 * How stored records look on the wire.
 */
import { linkToRender, type RenderLinks } from '../signing/render-url.ts';
import type { Render } from '../store/renders.ts';

export function renderView(render: Render, links: RenderLinks) {
  return {
    id: render.id,
    url: linkToRender(render, links),
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
