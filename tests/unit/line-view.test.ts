import { describe, expect, it } from 'vitest';
import { openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { lineColumnServices, lineLayers, lineServices } from '../../electron/core/line/line-model.js';
import type { Collection } from '../../electron/core/collection.js';
import type { LineCell } from '../../electron/core/line/line-types.js';

const viewOf = (c: Collection) => c.line();

/** What the deck files say about a card: the layer and service the Line view sorts it by. */
function fieldsOf(collection: Collection, id: number): { layer: string; service: string | null; kind: string } {
  return databaseOf(collection).prepare("SELECT json_extract(content, '$.layer') AS layer, service, kind FROM cards WHERE id = ?").get(id) as { layer: string; service: string | null; kind: string };
}

describe('the Line view', () => {
  it('draws eight layers for six services, each cell holding the cards of its own layer and service', () => {
    const { collection } = openTestCollection();
    const view = viewOf(collection);
    expect(view.services.map((s) => s.label)).toEqual(['Amazon EC2', 'Amazon RDS', 'AWS Lambda', 'Amazon S3', 'Amazon DynamoDB', 'Amazon Connect']);
    expect(view.cells).toHaveLength(lineLayers.length);
    let backed = 0;
    for (const row of view.cells) {
      expect(row).toHaveLength(lineServices.length);
      for (const cell of row) {
        for (const card of cell.cards) {
          // A column holds only its service's cards: a card of another service would teach the wrong line.
          expect(fieldsOf(collection, card.id), `${cell.layerId} × ${cell.serviceId}: ${card.text}`).toEqual({ layer: cell.layerId, service: lineColumnServices[cell.serviceId], kind: 'responsibility' });
        }
        if (cell.cards.length > 0) backed++;
        expect(cell.mastery).toBe(cell.cards.length > 0 ? 0 : null);
      }
    }
    // The operating system, platform, service-software and data rows are backed for every service.
    expect(backed).toBeGreaterThanOrEqual(34);
    for (const layer of ['os-network', 'platform', 'service-software']) {
      expect(view.cells[lineLayers.findIndex((l) => l.id === layer)]!.every((c) => c.cards.length > 0), layer).toBe(true);
    }
  });

  it('every built-in card of a column’s service shows in one cell of that column', () => {
    const { collection } = openTestCollection();
    const shown = new Set(viewOf(collection).cells.flat().flatMap((c) => c.cards.map((card) => card.id)));
    const services = Object.values(lineColumnServices);
    const cards = databaseOf(collection)
      .prepare("SELECT id, service FROM cards WHERE kind = 'responsibility' AND retired = 0 AND source_deck_id IN (SELECT id FROM decks WHERE origin = 'builtin')")
      .all() as { id: number; service: string | null }[];
    const expected = cards.filter((c) => c.service !== null && services.includes(c.service));
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.filter((c) => !shown.has(c.id))).toEqual([]);
  });

  it('moves the line from EC2 to RDS to Lambda: the guest OS layer is Customer, Shared, AWS, and one-owner cells hold no card of the other side', () => {
    const { collection } = openTestCollection();
    const view = viewOf(collection);
    const row = view.cells[lineLayers.findIndex((l) => l.id === 'os-network')]!;
    expect(row.slice(0, 3).map((c) => c.owner)).toEqual(['customer', 'shared', 'aws']);
    for (const cell of view.cells.flat()) {
      if (cell.owner === 'shared') continue;
      const other = cell.owner === 'aws' ? 'customer' : 'aws';
      expect(cell.cards.filter((card) => card.owner === other).map((card) => card.text), `${cell.layerId} × ${cell.serviceId}`).toEqual([]);
    }
  });

  it('counts a fact group once in a cell’s mastery', () => {
    const { collection } = openTestCollection();
    const cellOf = (): LineCell => viewOf(collection).cells.flat().find((c) => c.layerId === 'os-network' && c.serviceId === 'lambda')!;
    const cell = cellOf();
    const notes = databaseOf(collection)
      .prepare(`SELECT count(DISTINCT note_key) FROM cards WHERE id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(JSON.stringify(cell.cards.map((c) => c.id))) as number;
    // Two of the cards (the Lambda OS and the announced-vulnerability scenario) are one fact.
    expect(cell.facts).toBe(notes);
    expect(cell.facts).toBeLessThan(cell.cards.length);
    const grouped = cell.cards.find((c) => /Lambda functions|operating system under a workload on AWS Lambda/.test(c.text) && c.text.startsWith('Applying security patches'))!;
    collection.answer({ cardId: grouped.id, grade: 4, durationMs: 1 });
    const after = cellOf();
    expect(after.factsStudied).toBe(1);
    // The one fact studied is as known as its card, measured at the horizon (30 days on), not right after the answer;
    // the cell's other facts are unseen and count 0.
    const recall = after.cards.find((c) => c.id === grouped.id)!.recall!;
    expect(recall).toBeGreaterThan(0.5);
    expect(recall).toBeLessThan(0.95);
    expect(after.mastery).toBeCloseTo(recall / after.facts, 9);
  });

  it('a cell’s cards can be crammed as a set', () => {
    const { collection } = openTestCollection();
    const cell = viewOf(collection).cells[0]!.find((c) => c.cards.length > 0)!;
    const session = collection.cram({ cardIds: cell.cards.map((c) => c.id), size: 1000, order: 'weakest' }, false);
    expect(session.cards.map((c) => c.id).sort()).toEqual(cell.cards.map((c) => c.id).sort());
  });
});
