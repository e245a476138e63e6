import { describe, expect, it } from 'vitest';
import { openTestCollection } from '../helpers/test-collection.js';
import { lineCells, lineLayers, lineServices } from '../../electron/core/line/line-model.js';
import type { Collection } from '../../electron/core/collection.js';

const viewOf = (c: Collection) => c.line();

describe('the Line view', () => {
  it('draws eight layers for six services, every cell backed by built-in cards', () => {
    const { collection } = openTestCollection();
    const view = viewOf(collection);
    expect(view.services.map((s) => s.label)).toEqual(['Amazon EC2', 'Amazon RDS', 'AWS Lambda', 'Amazon S3', 'Amazon DynamoDB', 'Amazon Chime']);
    expect(view.cells).toHaveLength(lineLayers.length);
    for (const row of view.cells) {
      expect(row).toHaveLength(lineServices.length);
      for (const cell of row) {
        // A card named in the model that is missing from the decks would silently empty a cell.
        expect(cell.cards.length, `${cell.layerId} × ${cell.serviceId}`).toBe(lineCells[cell.layerId]![cell.serviceId as 'ec2']!.cardKeys.length);
        expect(cell.mastery).toBe(0);
      }
    }
  });

  it('moves the line from EC2 to RDS to Lambda: the guest OS layer is Customer, Shared, AWS', () => {
    const { collection } = openTestCollection();
    const row = viewOf(collection).cells[lineLayers.findIndex((l) => l.id === 'os-network')]!;
    expect(row.slice(0, 3).map((c) => c.owner)).toEqual(['customer', 'shared', 'aws']);
    for (const cell of row) {
      // Cards that teach a one-owner cell agree with it.
      if (cell.owner !== 'shared') for (const card of cell.cards) if (card.owner) expect(card.owner, card.text).toBe(cell.owner);
    }
  });

  it('counts a fact group once in a cell’s mastery', () => {
    const { collection } = openTestCollection();
    const cellOf = () => viewOf(collection).cells.flat().find((c) => c.layerId === 'os-network' && c.serviceId === 'lambda')!;
    const cell = cellOf();
    // Both cards belong to the Lambda OS group: one fact.
    expect(cell.cards).toHaveLength(2);
    expect(cell.facts).toBe(1);
    collection.answer({ cardId: cell.cards[0]!.id, grade: 4, durationMs: 1 });
    const after = cellOf();
    expect(after.factsStudied).toBe(1);
    // The one fact is as known as its card, measured at the horizon (30 days on), not right after the answer.
    expect(after.mastery).toBeCloseTo(after.cards[0]!.recall!, 9);
    expect(after.mastery).toBeGreaterThan(0.5);
    expect(after.mastery).toBeLessThan(0.95);
  });

  it('a cell’s cards can be crammed as a set', () => {
    const { collection } = openTestCollection();
    const cell = viewOf(collection).cells[0]![0]!;
    const session = collection.cram({ cardIds: cell.cards.map((c) => c.id), size: 1000, order: 'weakest' }, false);
    expect(session.cards.map((c) => c.id).sort()).toEqual(cell.cards.map((c) => c.id).sort());
  });
});
