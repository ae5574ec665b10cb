/**
 * @module compose/gradient
 * The gradient parser as compose/ has always exposed it. The parser itself lives in css/gradient,
 * below schemas/, so request validation does not import the compositor.
 */
export * from '../css/gradient.ts';
