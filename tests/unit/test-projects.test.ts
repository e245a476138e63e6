/**
 * `npm run test:fast` leaves the long proofs out; `npm test` must still run
 * every one of them, and README must say exactly which they are. These
 * checks keep the split from drifting: a renamed slow file, a project
 * dropped from `npm test`, or a README that names a file the list no longer
 * holds fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';
import { nodeTestGlobs, slowTestFiles, slowTestPaths } from '../setup/test-projects.js';
import { repoRoot } from '../helpers/test-collection.js';

interface ProjectTest {
  name?: string;
  include?: string[];
  exclude?: string[];
}

const projects = (config.test?.projects ?? []).map((p) => (p as { test?: ProjectTest }).test ?? {});
const project = (name: string): ProjectTest => {
  const found = projects.find((p) => p.name === name);
  if (!found) throw new Error(`no project named ${name} in vitest.config.ts`);
  return found;
};

/** Every non-browser test file in the repository, relative to its root. */
function nodeTestFiles(): string[] {
  const folders = nodeTestGlobs.map((glob) => glob.slice(0, glob.indexOf('/**')));
  return folders.flatMap((folder) =>
    fs
      .readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `${folder}/${f.split(path.sep).join('/')}`),
  );
}

describe('the fast and slow test projects', () => {
  it('lists only slow files that exist, each with what it proves at length', () => {
    const files = new Set(nodeTestFiles());
    for (const [file, why] of Object.entries(slowTestFiles)) {
      expect(files.has(file), `${file} is listed as slow but is not a test file`).toBe(true);
      expect(why.length, file).toBeGreaterThan(20);
    }
  });

  it('puts every non-browser test file in exactly one of them: the slow ones in slow, the rest in fast', () => {
    const fast = project('fast');
    const slow = project('slow');
    expect(fast.include).toEqual(nodeTestGlobs);
    expect(fast.exclude).toEqual(slowTestPaths);
    expect(slow.include).toEqual(slowTestPaths);
    expect(project('e2e').include).toEqual(['tests/e2e/**/*.test.ts']);
    expect(projects.map((p) => p.name).sort()).toEqual(['e2e', 'fast', 'slow']);
    // Every slow path sits under the folders the fast project would otherwise take it from.
    for (const file of slowTestPaths) expect(nodeTestGlobs.some((glob) => file.startsWith(glob.slice(0, glob.indexOf('/**') + 1))), file).toBe(true);
  });

  it('runs every project in `npm test` and only the fast one in `npm run test:fast`', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toBe('vitest run');
    expect(scripts['test:fast']).toBe('vitest run --project fast');
  });

  it('README names exactly the files that `npm run test:fast` leaves out', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('`npm run test:fast` is the inner loop');
    expect(start, 'README paragraph on `npm run test:fast`').toBeGreaterThan(-1);
    const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
    const named = [...paragraph.matchAll(/`(tests\/[\w./-]+\.test\.ts)`/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([...slowTestPaths].sort());
  });
});
