import type Database from 'better-sqlite3';

/**
 * The most of the collection file SQLite may map: it clamps this to its
 * build's ceiling (just under 2 GiB, a collection of about ten million
 * reviews); a larger file is mapped that far and read past it as before.
 */
const searchMapBytes = 2 ** 31;

/**
 * From the first search of a word or wildcard over every card, the
 * collection's connection reads its file through a memory map
 * (`PRAGMA mmap_size`) for the rest of its life.
 *
 * Why: that search's exact count reads the stored text of every candidate
 * (26,800 for a common word in a million cards, about two thirds of the text
 * table's pages), far past the connection's 32 MiB page cache, so each
 * search read every one of those pages again through a system call and a
 * copy. Mapped, the pages the operating system already caches are read in
 * place: the first search costs what it did (each page is mapped on first
 * touch), the next ones half as much.
 *
 * Why only from then, and not from the open: mapped pages that a read
 * touches count in the process's resident memory, and the Today screen and
 * Stats read most of a large file (at ten million reviews the memory after
 * start would go from about 170 to 660 MB). They are the operating system's
 * cache, shared and given back under pressure, but they show. Mapping only
 * around each search was measured too: the mapping is torn down and every
 * page mapped again on each search, which costs as much as the reads it saves.
 *
 * The one new risk (ARCHITECTURE.md, SECURITY.md): a disk's read error, or the
 * file cut short by another program, surfaces as a crash (SIGBUS) on a read
 * of a mapped page instead of an error reply. Writes still go through
 * SQLite's writes and the write-ahead log (never through the map), so no
 * acknowledged answer depends on it.
 */
export function mapForSearch(db: Database.Database): void {
  if (db.memory) return;
  if ((db.pragma('mmap_size', { simple: true }) as number) > 0) return;
  db.pragma(`mmap_size = ${searchMapBytes}`);
}
