import { describe, expect, it } from 'vitest';
import { combineQueries, filterQuery, pageSize, pagesFor, rowHeight, visibleRange } from '../../renderer/src/routes/decks/card-pages.js';
import { formOfNote, noteOfForm } from '../../renderer/src/routes/editor/editor-form.js';

describe('the deck browser list', () => {
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

describe('the editor form', () => {
  it('writes choice options one per line, right ones starred, and reads them back', () => {
    const note = { type: 'choice' as const, question: 'Q', options: ['Data', 'Racks', 'Keys'], answer: [0, 2], explanation: 'E' };
    const form = formOfNote(note, ['a', 'b']);
    expect(form.options).toBe('*Data\nRacks\n*Keys');
    expect(form.tags).toBe('a b');
    expect(noteOfForm({ ...form, options: '* Data\n\nRacks\n*Keys\n' })).toEqual(note);
  });
});
