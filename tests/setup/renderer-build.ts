import fs from 'node:fs';
import path from 'node:path';
import { build, version as viteVersion, type Plugin } from 'vite';
import { stampIsCurrent, writeStamp } from './build-stamp.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const configFile = path.join(root, 'renderer', 'vite.config.ts');
/** Beside dist/renderer/, not in it: the build empties that folder, and web mode serves it. */
const stampFile = path.join(root, 'dist', 'renderer.stamp.json');

/** Every file that is not a module of the bundle yet shapes it: the page, its static files, the settings, the locked dependencies. */
function fixedInputs(): string[] {
  const publicDir = path.join(root, 'renderer', 'public');
  const publicFiles = fs.existsSync(publicDir)
    ? fs.readdirSync(publicDir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(publicDir, f))
    : [];
  return ['renderer/index.html', 'renderer/vite.config.ts', 'renderer/tsconfig.json', 'tsconfig.base.json', 'package-lock.json', ...publicFiles];
}

/** Notes the source file of every module the bundle was made from (dependencies are covered by the lockfile). */
function recordModules(into: Set<string>): Plugin {
  return {
    name: 'demarc-record-modules',
    buildEnd() {
      for (const id of this.getModuleIds()) {
        const file = id.split('?')[0]!;
        if (file.startsWith('\0') || file.includes(`${path.sep}node_modules${path.sep}`) || !path.isAbsolute(file)) continue;
        into.add(file);
      }
    },
  };
}

/**
 * Builds the renderer into dist/renderer/ exactly as `npm run build:renderer`
 * does, unless the last build was made from the same sources (a content hash
 * of every module in it, see build-stamp.ts).
 */
export async function buildRendererIfChanged(): Promise<{ built: boolean; ms: number }> {
  const started = performance.now();
  const settings = JSON.stringify({ viteVersion });
  if (stampIsCurrent(stampFile, root, settings, [path.join(root, 'dist', 'renderer', 'index.html')])) {
    return { built: false, ms: performance.now() - started };
  }
  const modules = new Set<string>();
  await build({ configFile, logLevel: 'warn', plugins: [recordModules(modules)] });
  if (modules.size === 0) throw new Error('the renderer build reported no modules: cannot tell when to build it again');
  writeStamp(stampFile, root, settings, [...fixedInputs(), ...modules]);
  return { built: true, ms: performance.now() - started };
}
