/**
 * @module backgrounds/generators
 * Every generator by the background type it draws.
 */
import type { BackgroundType } from '../packs.ts';
import { aurora, blobs } from './aurora.ts';
import { glass } from './glass.ts';
import { grain } from './grain.ts';
import { mesh } from './mesh.ts';
import { dots, grid, topographic, waves } from './pattern.ts';
import { studio } from './studio.ts';
import type { Generator } from './types.ts';

export const GENERATORS: Record<BackgroundType, Generator<object>> = {
  mesh,
  grain,
  glass,
  aurora,
  blobs,
  dots,
  grid,
  waves,
  topographic,
  studio,
} as Record<BackgroundType, Generator<object>>;

export type { DrawInput, Generator } from './types.ts';
