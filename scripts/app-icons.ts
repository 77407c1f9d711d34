/**
 * Draws the app's two icons into appPackage/: `color.png` (192×192, the glyph in white on the
 * accent colour, full bleed) and `outline.png` (32×32, the glyph alone in white on transparency),
 * as Teams asks (learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package).
 * The glyph is a calendar page with a tick: a deadline, met. Shapes are measured on a unit square
 * and each pixel is sampled 8×8 times, so edges are smooth at both sizes.
 *
 * `npm run icons` redraws them; they are committed, so packaging needs nothing but the files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** The accent colour (also `accentColor` in the manifest). */
export const ACCENT = '#1F5C99';

type Shape = (x: number, y: number) => boolean;

/** Inside a stroke of width `w` along the rounded rectangle's edge. */
function roundedRectStroke(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r: number,
  w: number,
): Shape {
  return (x, y) => {
    const d = roundedRectDistance(x, y, x0, y0, x1, y1, r);
    return Math.abs(d) <= w / 2;
  };
}

/** Signed distance to a rounded rectangle (negative inside). */
function roundedRectDistance(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r: number,
): number {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  const qx = Math.abs(x - cx) - hx;
  const qy = Math.abs(y - cy) - hy;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

function filledRoundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => roundedRectDistance(x, y, x0, y0, x1, y1, r) <= 0;
}

/** Inside a stroke of width `w` along a polyline, with round caps and joins. */
function polyline(points: [number, number][], w: number): Shape {
  return (x, y) => {
    for (let i = 0; i + 1 < points.length; i++) {
      const [ax, ay] = points[i]!;
      const [bx, by] = points[i + 1]!;
      const t = Math.max(
        0,
        Math.min(
          1,
          ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2),
        ),
      );
      if (Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) <= w / 2) return true;
    }
    return false;
  };
}

/** The calendar page with a tick, on the unit square; `w` is the stroke width. */
function glyph(w: number): Shape[] {
  return [
    roundedRectStroke(0.16, 0.22, 0.84, 0.86, 0.08, w),
    filledRoundedRect(0.16, 0.22, 0.84, 0.36, 0.06),
    filledRoundedRect(0.3, 0.12, 0.3 + w, 0.3, w / 2),
    filledRoundedRect(0.7 - w, 0.12, 0.7, 0.3, w / 2),
    polyline(
      [
        [0.34, 0.6],
        [0.46, 0.72],
        [0.68, 0.48],
      ],
      w,
    ),
  ];
}

function hex(colour: string): [number, number, number] {
  const n = parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Renders the glyph: white over `background` (or over transparency when there is none). */
export function drawIcon(
  size: number,
  options: { background?: string; inset: number; stroke: number },
): PNG {
  const png = new PNG({ width: size, height: size });
  const shapes = glyph(options.stroke);
  const bg = options.background ? hex(options.background) : undefined;
  const SAMPLES = 8;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++)
        for (let sx = 0; sx < SAMPLES; sx++) {
          // Map the pixel into the glyph's unit square, leaving `inset` round the edge.
          const u = ((px + (sx + 0.5) / SAMPLES) / size - options.inset) / (1 - 2 * options.inset);
          const v = ((py + (sy + 0.5) / SAMPLES) / size - options.inset) / (1 - 2 * options.inset);
          if (shapes.some((s) => s(u, v))) hits++;
        }
      const cover = hits / SAMPLES ** 2;
      const i = (py * size + px) * 4;
      if (bg) {
        for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(bg[c]! + (255 - bg[c]!) * cover);
        png.data[i + 3] = 255;
      } else {
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * cover);
      }
    }
  return png;
}

export function writeIcons(dir: string): void {
  writeFileSync(
    join(dir, 'color.png'),
    PNG.sync.write(drawIcon(192, { background: ACCENT, inset: 0.14, stroke: 0.075 })),
  );
  writeFileSync(
    join(dir, 'outline.png'),
    PNG.sync.write(drawIcon(32, { inset: 0.02, stroke: 0.11 })),
  );
}

if (require.main === module) writeIcons(join(__dirname, '..', '..', 'appPackage'));
