import { describe, expect, it } from 'vitest';
import type { CardListItem } from '../../electron/api/wire-types.js';
import { allSelected, ariaSort, combineQueries, filterQuery, keepSelected, loadedIds, nextSort, PagedLoader, pageSize, pagesFor, rowHeight, rowsOf, toggleAllSelected, toggleSelected, visibleRange, type CardPage, type PagedView } from '../../renderer/src/lib/state/card-list.js';
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

/** A back end whose answers the test releases one by one, in any order. */
function pendingBackEnd() {
  const asked: { offset: number; limit: number; answer: (page: CardPage) => void; refuse: (e: Error) => void }[] = [];
  const fetchPage = (offset: number, limit: number) =>
    new Promise<CardPage>((answer, refuse) => {
      asked.push({ offset, limit, answer, refuse });
    });
  return { asked, fetchPage };
}

function pageOf(first: number, count: number): CardListItem[] {
  return Array.from({ length: count }, (_, i) => card(first + i));
}

describe('the paged loader shared by Browse and the deck browser', () => {
  it('asks for each page once, by offset and page size, and shows the pages and the count as they come', async () => {
    const backEnd = pendingBackEnd();
    const views: PagedView[] = [];
    const list = new PagedLoader(backEnd.fetchPage, (v) => views.push(v));
    const first = list.reload();
    void list.load(0);
    void list.load(2);
    void list.load(2);
    expect(backEnd.asked.map((a) => [a.offset, a.limit])).toEqual([
      [0, pageSize],
      [2 * pageSize, pageSize],
    ]);
    backEnd.asked[1]!.answer({ total: 450, cards: pageOf(400, 50) });
    backEnd.asked[0]!.answer({ total: 450, cards: pageOf(0, pageSize) });
    await first;
    await Promise.resolve();
    const last = views.at(-1)!;
    expect([...last.pages.keys()].sort()).toEqual([0, 2]);
    expect(last.total).toBe(450);
    expect(last.error).toBeNull();
    expect(loadedIds(last.pages)).toEqual([...pageOf(0, pageSize), ...pageOf(400, 50)].map((c) => c.id));
    // A loaded page is not asked for again.
    void list.load(0);
    expect(backEnd.asked).toHaveLength(2);
  });

  it('drops a page of the previous search that arrives after the list started again', async () => {
    const backEnd = pendingBackEnd();
    let view: PagedView | null = null;
    const list = new PagedLoader(backEnd.fetchPage, (v) => (view = v));
    void list.reload();
    void list.load(1);
    const again = list.reload();
    // The new search asks for its first page, even though the old one's is still on its way.
    expect(backEnd.asked.map((a) => a.offset)).toEqual([0, pageSize, 0]);
    expect(view!.pages.size).toBe(0);
    backEnd.asked[2]!.answer({ total: 3, cards: pageOf(900, 3) });
    await again;
    backEnd.asked[0]!.answer({ total: 999, cards: pageOf(0, pageSize) });
    backEnd.asked[1]!.answer({ total: 999, cards: pageOf(pageSize, pageSize) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(view!.total).toBe(3);
    expect(loadedIds(view!.pages)).toEqual([900, 901, 902]);
    // The old search's page 1 no longer counts as on its way: the new search may ask for it.
    void list.load(1);
    expect(backEnd.asked.at(-1)!.offset).toBe(pageSize);
  });

  it('shows a refused search\'s message and no cards, and clears it with the next answer', async () => {
    const backEnd = pendingBackEnd();
    let view: PagedView | null = null;
    const list = new PagedLoader(backEnd.fetchPage, (v) => (view = v));
    const refused = list.reload();
    backEnd.asked[0]!.refuse(new Error('Unclosed quote at 3.'));
    await refused;
    expect(view).toEqual({ pages: new Map(), total: 0, error: 'Unclosed quote at 3.', stale: false });
    const fixed = list.reload();
    backEnd.asked[1]!.answer({ total: 1, cards: pageOf(7, 1) });
    await fixed;
    expect(view!.error).toBeNull();
    expect(view!.total).toBe(1);
  });

  it('keeps the previous rows and count on screen, marked stale, until the new first page is in hand, then swaps them in one step', async () => {
    const backEnd = pendingBackEnd();
    const views: PagedView[] = [];
    const list = new PagedLoader(backEnd.fetchPage, (v) => views.push(v));
    const opened = list.reload();
    backEnd.asked[0]!.answer({ total: 450, cards: pageOf(0, pageSize) });
    await opened;
    expect(views.at(-1)).toMatchObject({ total: 450, stale: false });

    const shown = views.length;
    const again = list.reload();
    // Nothing cleared: the same rows and count, only marked stale (no "Loading…" rows in between).
    expect(views.at(-1)!.stale).toBe(true);
    expect(loadedIds(views.at(-1)!.pages)).toEqual(pageOf(0, pageSize).map((c) => c.id));
    expect(views.at(-1)!.total).toBe(450);
    backEnd.asked[1]!.answer({ total: 2, cards: pageOf(900, 2) });
    await again;
    // Every view between the two lists showed either the whole old list or the whole new one.
    for (const v of views.slice(shown)) expect(loadedIds(v.pages)).toEqual(v.stale ? pageOf(0, pageSize).map((c) => c.id) : [900, 901]);
    expect(views.at(-1)).toEqual({ pages: new Map([[0, pageOf(900, 2)]]), total: 2, error: null, stale: false });
  });

  it('after a change, asks at once for the pages on screen and shows the new rows only when all of them have come', async () => {
    const backEnd = pendingBackEnd();
    let view: PagedView | null = null;
    const list = new PagedLoader(backEnd.fetchPage, (v) => (view = v));
    const opened = list.reload([2, 3]);
    expect(backEnd.asked.map((a) => a.offset)).toEqual([2 * pageSize, 3 * pageSize]);
    backEnd.asked[1]!.answer({ total: 900, cards: pageOf(600, pageSize) });
    await Promise.resolve();
    expect(view!.stale).toBe(true);
    expect(view!.pages.size).toBe(0);
    backEnd.asked[0]!.answer({ total: 900, cards: pageOf(400, pageSize) });
    await opened;
    expect([...view!.pages.keys()].sort()).toEqual([2, 3]);
    expect(view!.stale).toBe(false);
    // Pages past those still load as the list scrolls, each shown when it comes.
    void list.load(4);
    backEnd.asked[2]!.answer({ total: 900, cards: pageOf(800, 100) });
    await new Promise((resolve) => setImmediate(resolve));
    expect([...view!.pages.keys()].sort()).toEqual([2, 3, 4]);
  });

  it('drops a late page of the old search while the old rows are still shown, and never mixes it into the new ones', async () => {
    const backEnd = pendingBackEnd();
    let view: PagedView | null = null;
    const list = new PagedLoader(backEnd.fetchPage, (v) => (view = v));
    const opened = list.reload();
    backEnd.asked[0]!.answer({ total: 999, cards: pageOf(0, pageSize) });
    await opened;
    void list.load(1);
    const again = list.reload();
    // The old search's page 1 comes while its page 0 is still shown as stale: it is not added to the old rows either.
    backEnd.asked[1]!.answer({ total: 999, cards: pageOf(pageSize, pageSize) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(view!.stale).toBe(true);
    expect([...view!.pages.keys()]).toEqual([0]);
    backEnd.asked[2]!.answer({ total: 5, cards: pageOf(500, 5) });
    await again;
    expect(view).toEqual({ pages: new Map([[0, pageOf(500, 5)]]), total: 5, error: null, stale: false });
  });

  it('replaces the old rows by the message when the new search is refused', async () => {
    const backEnd = pendingBackEnd();
    let view: PagedView | null = null;
    const list = new PagedLoader(backEnd.fetchPage, (v) => (view = v));
    const opened = list.reload();
    backEnd.asked[0]!.answer({ total: 3, cards: pageOf(0, 3) });
    await opened;
    const refused = list.reload();
    expect(view!.pages.size).toBe(1);
    backEnd.asked[1]!.refuse(new Error('Unknown field "foo".'));
    await refused;
    expect(view).toEqual({ pages: new Map(), total: 0, error: 'Unknown field "foo".', stale: false });
  });
});
