import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Metric } from '../bench-stats.js';

/** Gzipped size of the renderer's JavaScript as built by `npm run build:renderer`. */
export function rendererSizeBench(rendererDir: string): Metric[] {
  const assets = path.join(rendererDir, 'assets');
  const bytes = fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
  return [{ metric: 'renderer_js_gzip_kb', value: bytes / 1024, unit: 'KiB' }];
}
