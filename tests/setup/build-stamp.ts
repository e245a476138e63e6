import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A build's stamp: the content hash of every file that went into it, as the
 * bundler listed them. A build whose stamp still matches (same files, same
 * bytes, same settings, every output in place) is skipped: the tests build
 * the renderer and the back end's bundles only when their sources changed.
 */
interface Stamp {
  /** The build's settings and tool versions: a change in them rebuilds too. */
  settings: string;
  /** Path (relative to the root) → sha256 of its bytes. */
  inputs: Record<string, string>;
}

function hashFile(file: string): string | null {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/** True when the stamp at `stampFile` was written for these settings, every input is unchanged and every output exists. */
export function stampIsCurrent(stampFile: string, root: string, settings: string, outputs: string[]): boolean {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.settings !== settings || !outputs.every((o) => fs.existsSync(o))) return false;
  return Object.entries(stamp.inputs).every(([file, hash]) => hashFile(path.join(root, file)) === hash);
}

/** Records the inputs of the build just made (absolute or root-relative paths; ones that are not files are left out). */
export function writeStamp(stampFile: string, root: string, settings: string, inputs: Iterable<string>): void {
  const hashes: Record<string, string> = {};
  for (const input of inputs) {
    const absolute = path.resolve(root, input);
    const hash = hashFile(absolute);
    if (hash !== null) hashes[path.relative(root, absolute)] = hash;
  }
  const stamp: Stamp = { settings, inputs: Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b))) };
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  // Written whole or not at all: a build stopped halfway leaves the old stamp, which no longer matches.
  const partial = `${stampFile}.${process.pid}.tmp`;
  fs.writeFileSync(partial, `${JSON.stringify(stamp, null, 1)}\n`);
  fs.renameSync(partial, stampFile);
}
