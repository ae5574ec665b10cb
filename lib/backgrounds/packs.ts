/**
 * @module backgrounds/packs
 * The packs that ship with Frameshot: what each background is called and which colours it is drawn
 * in. Everything else — positions, angles, widths — comes from the background's seed (its
 * reference), so this file is the whole design brief and `catalogue.ts` the rest.
 * Palettes list the base first, then the lights/accents in the order the generator uses them.
 */
import type { PatternKind } from './generators/pattern.ts';

export type BackgroundType = 'mesh' | 'grain' | 'glass' | 'aurora' | 'blobs' | PatternKind | 'studio';

export interface BackgroundDesign {
  slug: string;
  name: string;
  palette: string[];
  tags: string[];
  /** Another generator than the pack's (the patterns and aurora packs mix kinds). */
  type?: BackgroundType;
}

export interface PackDesign {
  slug: string;
  name: string;
  description: string;
  type: BackgroundType;
  tags: string[];
  backgrounds: BackgroundDesign[];
}

const bg = (slug: string, name: string, palette: string[], tags: string[] = [], type?: BackgroundType) => ({
  slug,
  name,
  palette,
  tags,
  ...(type ? { type } : {}),
});

export const PACK_DESIGNS: PackDesign[] = [
  {
    slug: 'mesh',
    name: 'Mesh gradients',
    description: 'Soft multi-point colour fields that flow into each other, light and dark.',
    type: 'mesh',
    tags: ['gradient', 'soft', 'colourful'],
    backgrounds: [
      bg(
        'peach-fuzz',
        'Peach Fuzz',
        ['#fff1eb', '#ffb38a', '#ff8fab', '#ffd6a5', '#c7b8ff'],
        ['warm', 'pastel'],
      ),
      bg('lagoon', 'Lagoon', ['#e6fffb', '#5eead4', '#38bdf8', '#a7f3d0', '#818cf8'], ['cool', 'fresh']),
      bg(
        'cotton-candy',
        'Cotton Candy',
        ['#fdf2f8', '#f9a8d4', '#c4b5fd', '#a5f3fc', '#fbcfe8'],
        ['pastel', 'playful'],
      ),
      bg('citrus', 'Citrus', ['#fffbeb', '#fde047', '#fb923c', '#a3e635', '#fdba74'], ['warm', 'bright']),
      bg('nebula', 'Nebula', ['#0b1026', '#4f46e5', '#06b6d4', '#db2777', '#1e1b4b'], ['space', 'vivid']),
      bg('velvet', 'Velvet', ['#14061f', '#7e22ce', '#be185d', '#312e81', '#f472b6'], ['moody', 'rich']),
      bg('deep-sea', 'Deep Sea', ['#020617', '#0e7490', '#1d4ed8', '#0f766e', '#38bdf8'], ['cool', 'moody']),
      bg(
        'ember-glow',
        'Ember Glow',
        ['#1c0a05', '#ea580c', '#dc2626', '#f59e0b', '#7c2d12'],
        ['warm', 'fire'],
      ),
      bg(
        'mint-cream',
        'Mint Cream',
        ['#f0fdf4', '#86efac', '#67e8f9', '#d9f99d', '#bbf7d0'],
        ['fresh', 'pastel'],
      ),
      bg(
        'lilac-haze',
        'Lilac Haze',
        ['#f5f3ff', '#c4b5fd', '#f0abfc', '#a5b4fc', '#e9d5ff'],
        ['calm', 'pastel'],
      ),
      bg(
        'solar-flare',
        'Solar Flare',
        ['#fff7ed', '#f97316', '#ef4444', '#facc15', '#ec4899'],
        ['vivid', 'warm'],
      ),
      bg(
        'northern-sky',
        'Northern Sky',
        ['#06121f', '#10b981', '#3b82f6', '#8b5cf6', '#0f172a'],
        ['night', 'vivid'],
      ),
    ],
  },
  {
    slug: 'grain',
    name: 'Grain gradients',
    description: 'Gradients under film grain: the tactile, printed look of editorial and launch pages.',
    type: 'grain',
    tags: ['gradient', 'grain', 'noise', 'texture'],
    backgrounds: [
      bg('risograph', 'Risograph', ['#fde2e4', '#a5b4fc', '#f472b6', '#38bdf8'], ['print', 'pastel']),
      bg('dusk-film', 'Dusk Film', ['#0f0c29', '#4338ca', '#ec4899', '#f59e0b'], ['sunset', 'moody']),
      bg('golden-hour', 'Golden Hour', ['#fef3c7', '#fb923c', '#f43f5e', '#fde68a'], ['warm', 'sunset']),
      bg('moss', 'Moss', ['#052e16', '#15803d', '#0e7490', '#a3e635'], ['nature', 'green']),
      bg('paper-sky', 'Paper Sky', ['#f8fafc', '#bfdbfe', '#c7d2fe', '#fbcfe8'], ['calm', 'light']),
      bg('infrared', 'Infrared', ['#1a0505', '#b91c1c', '#7c3aed', '#f97316'], ['bold', 'warm']),
      bg('sea-glass', 'Sea Glass', ['#ecfeff', '#5eead4', '#60a5fa', '#a7f3d0'], ['cool', 'fresh']),
      bg('plum', 'Plum', ['#1e0b24', '#6b21a8', '#db2777', '#4c1d95'], ['rich', 'moody']),
      bg('clay', 'Clay', ['#fff7ed', '#fdba74', '#d97706', '#fca5a5'], ['earthy', 'warm']),
      bg(
        'midnight-static',
        'Midnight Static',
        ['#020617', '#1e3a8a', '#0891b2', '#6366f1'],
        ['night', 'cool'],
      ),
      bg('sherbet', 'Sherbet', ['#fff1f2', '#fda4af', '#fcd34d', '#c4b5fd'], ['playful', 'pastel']),
      bg('graphite', 'Graphite', ['#18181b', '#3f3f46', '#71717a', '#52525b'], ['neutral', 'mono']),
    ],
  },
  {
    slug: 'glass',
    name: 'Fluted glass',
    description: 'Bold colour seen through reeded glass: ribs that bend the light, crisp at any size.',
    type: 'glass',
    tags: ['glass', 'fractal', 'frosted', 'refraction', 'texture'],
    backgrounds: [
      bg('prism', 'Prism', ['#fdf2f8', '#f472b6', '#fb923c', '#a78bfa', '#38bdf8'], ['vivid', 'rainbow']),
      bg('cobalt', 'Cobalt', ['#0b1026', '#4f46e5', '#06b6d4', '#db2777', '#1e1b4b'], ['cool', 'bold']),
      bg('marigold', 'Marigold', ['#fefce8', '#facc15', '#f97316', '#ef4444', '#fde68a'], ['warm', 'bright']),
      bg('fern', 'Fern', ['#022c22', '#10b981', '#84cc16', '#0ea5e9', '#064e3b'], ['green', 'nature']),
      bg('frost', 'Frost', ['#f8fafc', '#c7d2fe', '#fbcfe8', '#bae6fd', '#ddd6fe'], ['calm', 'pastel']),
      bg('magma', 'Magma', ['#1c1917', '#f59e0b', '#e11d48', '#7c3aed', '#292524'], ['fire', 'bold']),
      bg(
        'ultraviolet',
        'Ultraviolet',
        ['#12002b', '#7c3aed', '#c026d3', '#2563eb', '#4c1d95'],
        ['purple', 'vivid'],
      ),
      bg('tidepool', 'Tidepool', ['#ecfeff', '#22d3ee', '#14b8a6', '#818cf8', '#a5f3fc'], ['cool', 'fresh']),
      bg('rosewater', 'Rosewater', ['#fff1f2', '#fb7185', '#fda4af', '#f0abfc', '#fecdd3'], ['pink', 'soft']),
      bg('smoke', 'Smoke', ['#0a0a0a', '#52525b', '#a1a1aa', '#27272a', '#3f3f46'], ['neutral', 'mono']),
      bg(
        'lime-soda',
        'Lime Soda',
        ['#f7fee7', '#a3e635', '#22d3ee', '#facc15', '#d9f99d'],
        ['fresh', 'bright'],
      ),
      bg('bordeaux', 'Bordeaux', ['#1a0510', '#9f1239', '#c2410c', '#6d28d9', '#4c0519'], ['rich', 'warm']),
    ],
  },
  {
    slug: 'aurora',
    name: 'Aurora & blobs',
    description: 'Organic light: auroras over night skies and soft blurred colour blobs.',
    type: 'aurora',
    tags: ['organic', 'soft', 'glow'],
    backgrounds: [
      bg('borealis', 'Borealis', ['#070b1f', '#34d399', '#a78bfa', '#22d3ee'], ['night', 'green']),
      bg('arctic-night', 'Arctic Night', ['#050a18', '#2dd4bf', '#60a5fa', '#818cf8'], ['night', 'cool']),
      bg('magenta-veil', 'Magenta Veil', ['#0c0a1d', '#f472b6', '#818cf8', '#c084fc'], ['night', 'pink']),
      bg('solar-wind', 'Solar Wind', ['#0b0a14', '#a3e635', '#f472b6', '#facc15'], ['night', 'vivid']),
      bg('polar-dawn', 'Polar Dawn', ['#0a1022', '#fb923c', '#f472b6', '#60a5fa'], ['night', 'warm']),
      bg('emerald-sky', 'Emerald Sky', ['#04140f', '#4ade80', '#38bdf8', '#a3e635'], ['night', 'green']),
      bg('lava-lamp', 'Lava Lamp', ['#0f172a', '#ec4899', '#f59e0b', '#6366f1'], ['retro', 'vivid'], 'blobs'),
      bg(
        'pastel-pop',
        'Pastel Pop',
        ['#fff7ed', '#fdba74', '#f9a8d4', '#c4b5fd', '#93c5fd'],
        ['pastel', 'playful'],
        'blobs',
      ),
      bg('spring', 'Spring', ['#f0fdf4', '#86efac', '#67e8f9', '#fde047'], ['fresh', 'light'], 'blobs'),
      bg('jellyfish', 'Jellyfish', ['#0c0a1d', '#818cf8', '#f472b6', '#2dd4bf'], ['night', 'cool'], 'blobs'),
      bg(
        'bubblegum',
        'Bubblegum',
        ['#fdf2f8', '#f472b6', '#a78bfa', '#fda4af'],
        ['pink', 'playful'],
        'blobs',
      ),
      bg(
        'deep-forest',
        'Deep Forest',
        ['#03120c', '#22c55e', '#0ea5e9', '#84cc16'],
        ['nature', 'moody'],
        'blobs',
      ),
    ],
  },
  {
    slug: 'patterns',
    name: 'Geometric patterns',
    description: 'Dots, grids, waves and contour lines over a soft wash, fading out where the device sits.',
    type: 'dots',
    tags: ['pattern', 'geometric', 'minimal', 'lines'],
    backgrounds: [
      bg('dot-grid', 'Dot Grid', ['#f8fafc', '#e0e7ff', '#6366f1'], ['light', 'indigo'], 'dots'),
      bg('night-dots', 'Night Dots', ['#0f172a', '#1e293b', '#38bdf8'], ['dark', 'blue'], 'dots'),
      bg('halftone-peach', 'Halftone Peach', ['#fff7ed', '#ffedd5', '#ea580c'], ['warm', 'print'], 'dots'),
      bg('blueprint', 'Blueprint', ['#0b2a5b', '#0f3b7a', '#93c5fd'], ['technical', 'blue'], 'grid'),
      bg('graph-paper', 'Graph Paper', ['#ffffff', '#f1f5f9', '#94a3b8'], ['technical', 'neutral'], 'grid'),
      bg('terminal', 'Terminal', ['#052e16', '#14532d', '#86efac'], ['dark', 'green', 'code'], 'grid'),
      bg('ripple', 'Ripple', ['#eff6ff', '#dbeafe', '#3b82f6'], ['calm', 'blue'], 'waves'),
      bg('sound-waves', 'Sound Waves', ['#18181b', '#27272a', '#a78bfa'], ['dark', 'purple'], 'waves'),
      bg('sand-dunes', 'Sand Dunes', ['#fffbeb', '#fef3c7', '#d97706'], ['warm', 'earthy'], 'waves'),
      bg('topo-forest', 'Topo Forest', ['#052e16', '#166534', '#86efac'], ['nature', 'map'], 'topographic'),
      bg('topo-paper', 'Topo Paper', ['#fafaf9', '#f5f5f4', '#78716c'], ['map', 'neutral'], 'topographic'),
      bg('topo-night', 'Topo Night', ['#0f172a', '#172554', '#60a5fa'], ['map', 'dark'], 'topographic'),
    ],
  },
  {
    slug: 'studio',
    name: 'Studio backdrops',
    description:
      'Dark product-shot sets: a spotlit wall, a floor that catches the light, a coloured rim, a vignette.',
    type: 'studio',
    tags: ['studio', 'dark', 'spotlight', 'product', 'premium'],
    backgrounds: [
      bg('charcoal', 'Charcoal', ['#0c0c0f', '#5b5b66', '#6366f1'], ['neutral']),
      bg('slate-stage', 'Slate Stage', ['#070a12', '#42536f', '#22d3ee'], ['cool']),
      bg('copper', 'Copper', ['#0e0807', '#7a4334', '#f97316'], ['warm']),
      bg('noir', 'Noir', ['#080808', '#616161', '#d4d4d4'], ['mono', 'neutral']),
      bg('amethyst', 'Amethyst', ['#0a0712', '#563f85', '#ec4899'], ['purple']),
      bg('jade', 'Jade', ['#050e0b', '#2f5e4d', '#34d399'], ['green']),
      bg('navy-set', 'Navy Set', ['#050814', '#2a3f73', '#60a5fa'], ['blue']),
      bg('oxblood', 'Oxblood', ['#0f0506', '#6b1f2a', '#fb7185'], ['red', 'warm']),
      bg('gold-room', 'Gold Room', ['#0d0a05', '#6b5326', '#fbbf24'], ['gold', 'warm', 'luxury']),
      bg('teal-set', 'Teal Set', ['#031012', '#1f5759', '#2dd4bf'], ['cool', 'teal']),
      bg('espresso', 'Espresso', ['#0d0806', '#5a4033', '#d6a77a'], ['warm', 'earthy']),
      bg('ultramarine', 'Ultramarine', ['#06061a', '#2f2f8f', '#a78bfa'], ['blue', 'purple']),
    ],
  },
];
