import fs from 'node:fs';
import path from 'node:path';
import type { SeededRandom } from '../../electron/core/domain/seeded-random.js';

/**
 * A file-sync engine in miniature, for the sync property test: one folder
 * per device, kept in step with delays, out of order, with half-copied files
 * (written in place, completed later), duplicate deliveries, conflict copies
 * under the names Syncthing, Dropbox and OneDrive give them, and deletions
 * that travel late. Change files are written once: a shorter copy is a
 * partial one and gets completed, never the other way. Any other file (a
 * device's read report) is rewritten in place and may shrink: the version
 * written last wins, as a real engine carries the newer one.
 */
export class FileSyncSimulator {
  private readonly queue: { from: number; to: number; rel: string; op: 'copy' | 'delete' }[] = [];
  private readonly last: Map<string, Buffer>[];
  private readonly deleted = new Set<string>();
  /** The version of each rewritable file written last, in whichever folder. */
  private readonly latest = new Map<string, Buffer>();
  stats = { copies: 0, partials: 0, duplicates: 0, conflictCopies: 0, deletes: 0 };

  constructor(
    readonly folders: string[],
    private readonly rng: SeededRandom,
  ) {
    for (const f of folders) fs.mkdirSync(f, { recursive: true });
    this.last = folders.map(() => new Map());
  }

  /** Notices what changed in each folder since the last look and queues the transfers it implies. */
  observe(): void {
    this.folders.forEach((folder, i) => {
      const now = listFiles(folder);
      for (const rel of this.last[i]!.keys()) {
        if (!now.has(rel) && !this.deleted.has(rel)) {
          this.deleted.add(rel);
          this.folders.forEach((_, j) => j !== i && this.queue.push({ from: i, to: j, rel, op: 'delete' }));
        }
      }
      for (const [rel, content] of now) {
        if (this.deleted.has(rel)) continue;
        const before = this.last[i]!.get(rel);
        if (before && before.equals(content)) continue;
        if (!writtenOnce(rel)) this.latest.set(rel, content);
        this.folders.forEach((_, j) => j !== i && this.queue.push({ from: i, to: j, rel, op: 'copy' }));
      }
      this.last[i] = now;
    });
  }

  /** Carries out up to `n` queued transfers, picked at random (so out of order), some of them badly. */
  deliver(n: number): void {
    for (let k = 0; k < n && this.queue.length > 0; k++) {
      const t = this.queue.splice(this.rng.int(this.queue.length), 1)[0]!;
      this.carry(t, true);
    }
    this.observe();
  }

  /** Delivers everything, whole, until every folder holds the same files. */
  settle(): void {
    for (let round = 0; round < 20; round++) {
      this.observe();
      this.reconcile();
      if (this.queue.length === 0) return;
      while (this.queue.length > 0) this.carry(this.queue.shift()!, false);
    }
    throw new Error('the simulated folders did not settle');
  }

  private reconcile(): void {
    const all = this.folders.map(listFiles);
    const union = new Map<string, Buffer>();
    for (const files of all)
      for (const [rel, content] of files) {
        const seen = union.get(rel);
        if (!writtenOnce(rel)) union.set(rel, this.latest.get(rel) ?? content);
        else if (!seen || content.length > seen.length) union.set(rel, content);
      }
    all.forEach((files, j) => {
      for (const [rel, content] of union) {
        if (this.deleted.has(rel)) {
          if (files.has(rel)) this.queue.push({ from: 0, to: j, rel, op: 'delete' });
          continue;
        }
        const have = files.get(rel);
        if (!have || !have.equals(content)) {
          const from = all.findIndex((f) => f.get(rel)?.equals(content));
          this.queue.push({ from, to: j, rel, op: 'copy' });
        }
      }
    });
  }

  private carry(t: { from: number; to: number; rel: string; op: 'copy' | 'delete' }, mischief: boolean): void {
    const target = path.join(this.folders[t.to]!, t.rel);
    if (t.op === 'delete') {
      fs.rmSync(target, { force: true });
      this.stats.deletes += 1;
      return;
    }
    const source = path.join(this.folders[t.from]!, t.rel);
    if (!fs.existsSync(source)) return;
    const content = fs.readFileSync(source);
    const existing = fs.existsSync(target) ? fs.readFileSync(target) : null;
    // A change file: never replace a longer (fuller) copy with a shorter one. Another file: only its latest version travels.
    if (writtenOnce(t.rel) ? existing && existing.length > content.length : !content.equals(this.latest.get(t.rel) ?? content)) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Half-copied in place: change files (a read report is replaced whole, as engines replace a changed file).
    if (mischief && content.length > 2 && writtenOnce(t.rel) && this.rng.chance(0.2)) {
      fs.writeFileSync(target, content.subarray(0, 1 + this.rng.int(content.length - 1)));
      this.queue.push(t);
      this.stats.partials += 1;
      return;
    }
    if (existing?.equals(content)) this.stats.duplicates += 1;
    fs.writeFileSync(target, content);
    this.stats.copies += 1;
    if (mischief && this.rng.chance(0.1)) {
      fs.writeFileSync(path.join(path.dirname(target), conflictName(path.basename(t.rel), this.rng)), content);
      this.stats.conflictCopies += 1;
    }
    if (mischief && this.rng.chance(0.1)) this.queue.push(t);
  }
}

/** Change files (and the media beside them) are written once and never change; a read report is rewritten in place. */
function writtenOnce(rel: string): boolean {
  return !rel.endsWith('read-report.json');
}

function conflictName(name: string, rng: SeededRandom): string {
  const ext = path.extname(name);
  const base = name.slice(0, -ext.length);
  const style = rng.int(3);
  if (style === 0) return `${base}.sync-conflict-20261201-10${rng.int(60).toString().padStart(2, '0')}00-ABCDEFG${ext}`;
  if (style === 1) return `${base} (Laptop's conflicted copy 2026-12-0${1 + rng.int(9)})${ext}`;
  return `${base}-DESKTOP${rng.int(100)}${ext}`;
}

const contentCache = new Map<string, { size: number; mtimeMs: number; content: Buffer }>();

/** Every file under a folder (relative path → bytes), skipping temporary dot-files; a file is read again only when its size or time changed. */
export function listFiles(folder: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, rel);
        continue;
      }
      const stat = fs.statSync(full);
      let cachedFile = contentCache.get(full);
      if (!cachedFile || cachedFile.size !== stat.size || cachedFile.mtimeMs !== stat.mtimeMs) {
        cachedFile = { size: stat.size, mtimeMs: stat.mtimeMs, content: fs.readFileSync(full) };
        contentCache.set(full, cachedFile);
      }
      out.set(rel, cachedFile.content);
    }
  };
  walk(folder, '');
  return out;
}
