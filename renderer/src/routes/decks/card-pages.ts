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
