/**
 * @module http/views
 * How stored records look on the wire: the shapes are `schemas/response`, the mapping of a render
 * is `captures/respond` (one for the capture response and the render view alike).
 */
export { renderView } from '../captures/respond.ts';
