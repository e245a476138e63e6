import type { CardListItem } from '../../../../electron/api/wire-types';

/** The browser loads results a page at a time, as the list scrolls to them. */
export const pageSize = 200;
export const rowHeight = 44;
const overscan = 8;

/** Which rows a scrolled list shows: a window around the viewport, the rest is blank space of the right height. */
export function visibleRange(scrollTop: number, viewportHeight: number, total: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** The pages a range of rows needs. */
export function pagesFor(first: number, last: number): number[] {
  if (last <= first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((last - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** One page of a card list as the back end gives it, with how many cards the whole list holds. */
export interface CardPage {
  total: number;
  cards: CardListItem[];
}

/**
 * What a paged list shows: the pages loaded so far, the list's count (null
 * before the first page) and the search's error. `stale`: a new list (a new
 * search, a sort, cards changed) is on its way, and the rows shown are still
 * the previous list's, kept until the new one's pages are in hand.
 */
export interface PagedView {
  pages: ReadonlyMap<number, CardListItem[]>;
  total: number | null;
  error: string | null;
  stale: boolean;
}

/**
 * The pages of one card list (Browse, a deck's browser), loaded as the list
 * scrolls to them: each page asked for once, and a page that arrives after the
 * list started again (a new search, cards changed) dropped, so an old search's
 * rows never show under a new one. When the list starts again its old rows
 * stay on screen (`stale`) until every page the restart asked for has come,
 * then the new rows replace them in one step: the list never flashes to
 * "Loading…" rows. A refused search shows its message and a count of none.
 */
export class PagedLoader {
  private generation = 0;
  private readonly loading = new Set<number>();
  /** The current list's pages, shown once `awaited` is empty. */
  private fresh = new Map<number, CardListItem[]>();
  /** The pages the restart waits for before its rows replace the old ones. */
  private readonly awaited = new Set<number>();
  private view: PagedView = { pages: new Map(), total: null, error: null, stale: false };

  constructor(
    private readonly fetchPage: (offset: number, limit: number) => Promise<CardPage>,
    private readonly show: (view: PagedView) => void,
  ) {}

  /**
   * Starts the list again: forgets the previous list's pages (they stay shown,
   * marked stale, with their count) and asks for `wanted` (the pages the
   * screen will show; the first when none). Settles once the new rows are
   * shown, the search was refused, or a newer restart took over.
   */
  async reload(wanted: readonly number[] = []): Promise<void> {
    this.generation += 1;
    this.loading.clear();
    this.fresh = new Map();
    this.awaited.clear();
    const pages = wanted.length > 0 ? [...new Set(wanted)] : [0];
    for (const p of pages) this.awaited.add(p);
    this.update({ stale: true });
    await Promise.all(pages.map((p) => this.load(p)));
  }

  /** Loads a page unless it is loaded or on its way. */
  async load(page: number): Promise<void> {
    if (this.loading.has(page) || this.fresh.has(page)) return;
    const gen = this.generation;
    this.loading.add(page);
    try {
      const result = await this.fetchPage(page * pageSize, pageSize);
      if (gen !== this.generation) return;
      // A new map each time: the list re-renders on assignment.
      this.fresh = new Map(this.fresh).set(page, result.cards);
      this.awaited.delete(page);
      if (this.awaited.size === 0) this.update({ pages: this.fresh, total: result.total, error: null, stale: false });
    } catch (e) {
      if (gen !== this.generation) return;
      this.awaited.clear();
      this.fresh = new Map();
      this.update({ pages: this.fresh, total: 0, error: (e as Error).message, stale: false });
    } finally {
      if (gen === this.generation) this.loading.delete(page);
    }
  }

  private update(change: Partial<PagedView>): void {
    this.view = { ...this.view, ...change };
    this.show(this.view);
  }
}

/** The search the state filter adds to what the learner typed. */
export function filterQuery(filter: 'all' | 'new' | 'learning' | 'review' | 'suspended'): string {
  switch (filter) {
    case 'all':
      return '';
    case 'new':
      return 'is:new -is:suspended';
    case 'learning':
      return 'is:learn -is:suspended';
    case 'review':
      return 'is:review -is:suspended';
    case 'suspended':
      return 'is:suspended';
  }
}

export function combineQueries(typed: string, filter: string): string {
  const t = typed.trim();
  if (!filter) return t;
  return t ? `(${t}) ${filter}` : filter;
}

/** The rows of a range that are loaded (a row still loading is undefined). */
export function rowsOf(pages: ReadonlyMap<number, CardListItem[]>, first: number, last: number): { index: number; card: CardListItem | undefined }[] {
  const rows: { index: number; card: CardListItem | undefined }[] = [];
  for (let i = first; i < last; i++) rows.push({ index: i, card: pages.get(Math.floor(i / pageSize))?.[i % pageSize] });
  return rows;
}

/** Every card id of the loaded pages, in list order (what "select all" can see). */
export function loadedIds(pages: ReadonlyMap<number, CardListItem[]>): number[] {
  return [...pages.keys()].sort((a, b) => a - b).flatMap((p) => pages.get(p)!.map((c) => c.id));
}

/** A card in or out of the selection (kept in the order chosen). */
export function toggleSelected(selected: readonly number[], id: number): number[] {
  return selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id];
}

/** Whether every loaded card is chosen (and there is one). */
export function allSelected(selected: readonly number[], loaded: readonly number[]): boolean {
  const chosen = new Set(selected);
  return loaded.length > 0 && loaded.every((id) => chosen.has(id));
}

/** "Select all": every loaded card, or none when they all were. */
export function toggleAllSelected(selected: readonly number[], loaded: readonly number[]): number[] {
  return allSelected(selected, loaded) ? [] : [...loaded];
}

/** The chosen cards still in the list after it loaded again (a card gone from the results leaves the selection). */
export function keepSelected(selected: readonly number[], loaded: readonly number[]): number[] {
  const present = new Set(loaded);
  return selected.filter((id) => present.has(id));
}

/** A sort as the list asks the back end for it; null keeps the cards' own order. */
export interface ListSort<C extends string = string> {
  column: C;
  descending: boolean;
}

/** A click on a column's header: sort by it, then the other way, then back to the cards' own order (as Anki's browser toggles). */
export function nextSort<C extends string>(current: ListSort<C> | null, column: C): ListSort<C> | null {
  if (!current || current.column !== column) return { column, descending: false };
  return current.descending ? null : { column, descending: true };
}

/** The header's aria-sort for a column. */
export function ariaSort(current: ListSort | null, column: string): 'ascending' | 'descending' | 'none' {
  if (!current || current.column !== column) return 'none';
  return current.descending ? 'descending' : 'ascending';
}

/** A column of a card list: its header, its width in the grid, and whether a click on the header sorts by it. */
export interface CardColumn {
  id: string;
  label: string;
  width: string;
  title?: string;
  numeric?: boolean;
  sortable?: boolean;
}
