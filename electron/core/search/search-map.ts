import type Database from 'better-sqlite3';
import { highestCardId } from '../cards/highest-card-id.js';

/**
 * The most of the collection file SQLite may map: it clamps this to its
 * build's ceiling (just under 2 GiB, a collection of about ten million
 * reviews); a larger file is mapped that far and read past it as before.
 */
const searchMapBytes = 2 ** 31;

/**
 * Below about this many cards (by the highest card id, as the walk's estimate
 * in search-cards.ts) no search maps: the text of every card fits in the page
 * cache (32 MiB holds the text of about 250,000 of the benchmark's cards, 128
 * bytes each), where a repeated search finds its candidates decoded, faster
 * than through the map (100,000 cards, `hypervisor`: 9.5 ms of CPU from the
 * cache, 14 mapped).
 */
export const mapFromCards = 250_000;

/** How long the map outlives the last search of a word over every card: a learner's searches while browsing share one map. */
export const searchMapIdleMs = 30_000;

const unmapTimers = new WeakMap<Database.Database, NodeJS.Timeout>();

/**
 * A search of a word or wildcard over every card of a large collection reads
 * the collection's file through a memory map (`PRAGMA mmap_size`), from that
 * search until `searchMapIdleMs` after the last one; then the connection reads
 * through its page cache again.
 *
 * Why: that search's exact count reads the stored text of every candidate
 * (26,800 for a common word in a million cards, about two thirds of the text
 * table's pages), far past the connection's 32 MiB page cache, so each
 * search read every one of those pages again through a system call and a
 * copy. Mapped, the pages the operating system already caches are read in
 * place: at ten million reviews the next searches take half the CPU, the
 * first about a third more than unmapped (each page is mapped on first touch).
 *
 * Why not from the open, nor for good: mapped pages that a read touches count
 * in the process's resident memory, and the Today screen and Stats read most
 * of a large file (at ten million reviews the memory after start would go
 * from about 170 to 660 MB); and SQLite decodes a mapped page again on every
 * read, where its cache keeps the few pages Today, Study and an answer read
 * decoded (mapped, they took 5–20 % more CPU). Why not only around each
 * search: unmapping tears the map down, and mapping every page again on the
 * next search costs as much as the reads it saves.
 *
 * The one new risk (ARCHITECTURE.md, SECURITY.md): a disk's read error, or the
 * file cut short by another program, can surface as a crash (SIGBUS) on a
 * read of a mapped page instead of an error reply. Writes still go through
 * SQLite's writes and the write-ahead log (never through the map), so no
 * acknowledged answer depends on it.
 */
export function mapForSearch(db: Database.Database): void {
  if (db.memory) return;
  if (!((db.pragma('mmap_size', { simple: true }) as number) > 0)) {
    if (highestCardId(db) < mapFromCards) return;
    db.pragma(`mmap_size = ${searchMapBytes}`);
  }
  const timer = unmapTimers.get(db);
  if (timer) timer.refresh();
  else unmapTimers.set(db, setTimeout(() => unmapAfterSearch(db), searchMapIdleMs).unref());
}

function unmapAfterSearch(db: Database.Database): void {
  unmapTimers.delete(db);
  if (!db.open) return;
  try {
    db.pragma('mmap_size = 0');
  } catch {
    // The connection is busy (a statement read row by row, across awaits): try again later.
    unmapTimers.set(db, setTimeout(() => unmapAfterSearch(db), searchMapIdleMs).unref());
  }
}
