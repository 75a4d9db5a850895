// The font a chart's text is drawn in. resvg draws no text without a font, and none is downloaded: the first common
// sans-serif TrueType font installed on the machine is used (Debian / Ubuntu: fonts-dejavu-core; Alpine: font-dejavu;
// Fedora: dejavu-sans-fonts; macOS and Windows: Arial). Without one the chart is still drawn, without its labels.
import { existsSync } from 'node:fs';

export interface ChartFont {
  /** The font file resvg loads (null: none found, the system's fonts are scanned as a last resort). */
  file: string | null;
  /** The family name the SVG asks for, matching the file. */
  family: string;
}

const CANDIDATES: [file: string, family: string][] = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 'DejaVu Sans'],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', 'DejaVu Sans'],
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', 'DejaVu Sans'],
  ['/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf', 'DejaVu Sans'],
  ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', 'Liberation Sans'],
  ['/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf', 'Liberation Sans'],
  ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', 'Noto Sans'],
  ['/usr/share/fonts/noto/NotoSans-Regular.ttf', 'Noto Sans'],
  ['/usr/share/fonts/truetype/freefont/FreeSans.ttf', 'FreeSans'],
  ['/System/Library/Fonts/Supplemental/Arial.ttf', 'Arial'],
  ['/Library/Fonts/Arial.ttf', 'Arial'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'Arial'],
];

let found: ChartFont | undefined;

/** The chart font, looked up once. */
export function chartFont(): ChartFont {
  found ??= findFont(CANDIDATES);
  return found;
}

export function findFont(candidates: readonly [string, string][]): ChartFont {
  for (const [file, family] of candidates) if (existsSync(file)) return { file, family };
  return { file: null, family: 'sans-serif' };
}

/** What to tell the reader when no font was found. */
export const NO_FONT_NOTE = 'The chart has no labels: no font was found on this machine. Install one (Debian / Ubuntu: apt-get install fonts-dejavu-core) and restart.';
