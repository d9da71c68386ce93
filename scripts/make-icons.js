#!/usr/bin/env node
/**
 * Draws the add-in's icons (assets/icon-16/32/64/80.png) with pngjs: a blue rounded square holding a white
 * clock face with a check mark — "on time". Deterministic; rerun after changing the drawing.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { PNG } = require("pngjs");

function draw(size) {
  const png = new PNG({ width: size, height: size });
  const s = size / 32; // design grid: 32 × 32
  const radius = 6 * s;
  const set = (x, y, [r, g, b, a]) => {
    const i = (size * y + x) << 2;
    png.data[i] = r;
    png.data[i + 1] = g;
    png.data[i + 2] = b;
    png.data[i + 3] = a;
  };
  // Anti-aliasing by 4×4 supersampling of the shape functions.
  const inRoundedSquare = (x, y) => {
    const cx = Math.min(Math.max(x, radius), size - radius);
    const cy = Math.min(Math.max(y, radius), size - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  const c = size / 2;
  const ring = (x, y) => {
    const d = Math.hypot(x - c, y - c);
    return d <= 10.5 * s && d >= 8.3 * s;
  };
  const segment = (x, y, x1, y1, x2, y2, w) => {
    const dx = x2 - x1;
    const dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w;
  };
  const check = (x, y) => segment(x, y, 11 * s, 16.5 * s, 14.5 * s, 20 * s, 1.4 * s) || segment(x, y, 14.5 * s, 20 * s, 21 * s, 12.5 * s, 1.4 * s);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const px = x + (sx + 0.5) / 4;
          const py = y + (sy + 0.5) / 4;
          if (inRoundedSquare(px, py)) {
            bg += 1;
            if (ring(px, py) || check(px, py)) fg += 1;
          }
        }
      }
      const a = Math.round((bg / 16) * 255);
      const f = fg / Math.max(bg, 1);
      // #0F6CBD (Fluent brand blue) blended with white by coverage.
      set(x, y, [Math.round(15 + (255 - 15) * f), Math.round(108 + (255 - 108) * f), Math.round(189 + (255 - 189) * f), a]);
    }
  }
  return PNG.sync.write(png);
}

const dir = path.join(__dirname, "..", "assets");
fs.mkdirSync(dir, { recursive: true });
for (const size of [16, 32, 64, 80]) {
  fs.writeFileSync(path.join(dir, `icon-${size}.png`), draw(size));
}
process.stdout.write(`icons written to ${dir}\n`);
