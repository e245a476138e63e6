import { describe, expect, it } from 'vitest';
import { openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

describe('stats count a fact group once', () => {
  it('the responsibility matrix counts facts: a group of scenario cards is one', () => {
    const { collection } = openTestCollection();
    const db = databaseOf(collection);
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const scenarioAws = "FROM cards WHERE deck_id = 'scenarios' AND owner = 'aws' AND retired = 0";
    const cards = count(`SELECT count(*) ${scenarioAws}`);
    const facts = count(`SELECT count(DISTINCT note_key) ${scenarioAws}`);
    expect(facts).toBeLessThan(cards);
    const cellOf = () => collection.stats({}, '1m').matrix.find((m) => m.serviceType === 'scenarios')!.cells.find((c) => c.owner === 'aws')!;
    expect(cellOf().cards).toBe(facts);

    // Studying one card of the instance-isolation group studies the fact, once.
    const member = db.prepare("SELECT id FROM cards WHERE deck_id = 'scenarios' AND note_key = 'group:instance-isolation' ORDER BY id").pluck().all() as number[];
    expect(member.length).toBeGreaterThanOrEqual(2);
    collection.answer({ cardId: member[0]!, grade: 4, durationMs: 1, pickedOwner: 'aws' });
    expect(cellOf()).toMatchObject({ cards: facts, studied: 1 });
    // One fact of the cell known well 30 days on (Easy on a first answer), the others unseen: their share, not 100%.
    expect(cellOf().known).toBeGreaterThan(0.5 / facts);
    expect(cellOf().known).toBeLessThan(1 / facts);
  });
});
