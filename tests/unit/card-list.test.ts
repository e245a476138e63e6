import { describe, expect, it } from 'vitest';
import type { CardListItem } from '../../electron/api/wire-types.js';
import { allSelected, ariaSort, combineQueries, filterQuery, keepSelected, loadedIds, nextSort, pageSize, pagesFor, rowHeight, rowsOf, toggleAllSelected, toggleSelected, visibleRange } from '../../renderer/src/lib/state/card-list.js';
import { formOfNote, noteOfForm } from '../../renderer/src/routes/editor/editor-form.js';

describe('the card list\'s paging', () => {
  it('renders a window around the viewport, never past the end', () => {
    expect(visibleRange(0, 440, 1000)).toEqual({ first: 0, last: 18 });
    expect(visibleRange(100 * rowHeight, 440, 1000)).toEqual({ first: 92, last: 118 });
    expect(visibleRange(999 * rowHeight, 440, 1000)).toEqual({ first: 991, last: 1000 });
    expect(visibleRange(0, 440, 0)).toEqual({ first: 0, last: 0 });
  });

  it('asks for the pages a window needs', () => {
    expect(pagesFor(0, 18)).toEqual([0]);
    expect(pagesFor(pageSize - 5, pageSize + 5)).toEqual([0, 1]);
    expect(pagesFor(5, 5)).toEqual([]);
  });

  it('adds the state filter to the typed search', () => {
    expect(combineQueries(' ec2 or rds ', filterQuery('new'))).toBe('(ec2 or rds) is:new -is:suspended');
    expect(combineQueries('', filterQuery('suspended'))).toBe('is:suspended');
    expect(combineQueries('tag:x', filterQuery('all'))).toBe('tag:x');
  });
});

function card(id: number): CardListItem {
  return { id, deckId: 'd', kind: 'basic', text: `card ${id}`, answer: '', state: 'new', suspended: false, due: 0, lapses: 0, reps: 0, tags: [], task: null, flag: 0, interval: null, stability: null, difficulty: null, retrievability: null, addedAt: null, editedAt: null };
}

describe('the card list shared by Browse and the deck browser', () => {
  const pages = new Map([[1, [card(300), card(301)]], [0, [card(1), card(2), card(3)]]]);

  it('lists the loaded cards in page order, and a row still loading as undefined', () => {
    expect(loadedIds(pages)).toEqual([1, 2, 3, 300, 301]);
    expect(rowsOf(new Map([[0, [card(1)]]]), 0, 2)).toEqual([{ index: 0, card: card(1) }, { index: 1, card: undefined }]);
  });

  it('selects and unselects one card, all the loaded ones, and drops cards no longer listed', () => {
    expect(toggleSelected([], 2)).toEqual([2]);
    expect(toggleSelected([2, 3], 2)).toEqual([3]);
    const loaded = loadedIds(pages);
    expect(allSelected([1, 2], loaded)).toBe(false);
    expect(toggleAllSelected([1, 2], loaded)).toEqual(loaded);
    expect(allSelected(loaded, loaded)).toBe(true);
    expect(toggleAllSelected(loaded, loaded)).toEqual([]);
    expect(allSelected([], [])).toBe(false);
    expect(keepSelected([3, 9, 300], loaded)).toEqual([3, 300]);
  });

  it('sorts by a column, then the other way, then the cards\' own order again', () => {
    const first = nextSort(null, 'stability');
    expect(first).toEqual({ column: 'stability', descending: false });
    const second = nextSort(first, 'stability');
    expect(second).toEqual({ column: 'stability', descending: true });
    expect(nextSort(second, 'stability')).toBeNull();
    expect(nextSort(second, 'due')).toEqual({ column: 'due', descending: false });
    expect(ariaSort(first, 'stability')).toBe('ascending');
    expect(ariaSort(second, 'stability')).toBe('descending');
    expect(ariaSort(second, 'due')).toBe('none');
  });
});

describe('the editor form', () => {
  it('writes choice options one per line, right ones starred, and reads them back', () => {
    const note = { type: 'choice' as const, question: 'Q', options: ['Data', 'Racks', 'Keys'], answer: [0, 2], explanation: 'E' };
    const form = formOfNote(note, ['a', 'b']);
    expect(form.options).toBe('*Data\nRacks\n*Keys');
    expect(form.tags).toBe('a b');
    expect(noteOfForm({ ...form, options: '* Data\n\nRacks\n*Keys\n' })).toEqual(note);
  });
});
