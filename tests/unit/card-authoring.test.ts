// Writing and fixing cards through the API: every note type, built-in cards
// left alone, edits that keep the review history, and undo of every change.
import { describe, expect, it } from 'vitest';
import { syncBuiltinDecks } from '../../electron/core/decks/builtin-decks.js';
import { decksDir, openTestCollection } from '../helpers/test-collection.js';
import { apiOf } from '../helpers/api-calls.js';
import { databaseOf, writeConnectionOf } from '../helpers/collection-database.js';

function setup() {
  const { collection, clock } = openTestCollection();
  const { call, refused } = apiOf(collection);
  const content = (id: number) => JSON.parse(databaseOf(collection).prepare('SELECT content FROM cards WHERE id = ?').pluck().get(id) as string) as Record<string, unknown>;
  return { collection, clock, call, refused, content };
}

const basic = (front: string, back: string) => ({ type: 'basic' as const, front, back });

describe('authoring', () => {
  it('a deck the learner makes is told as theirs, not as imported, in the deck list and the exam scope', async () => {
    const { call, collection } = setup();
    databaseOf(collection).prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('import-x', 'X', 'custom', 'imported', 0)").run();
    const { deckId } = await call('decks.create', { title: 'My AWS notes' });
    const decks = await call('decks.list', {});
    expect(decks.find((d) => d.id === deckId)?.origin).toBe('created');
    expect(decks.find((d) => d.id === 'import-x')?.origin).toBe('imported');
    expect((await call('exam.scope', {})).decks.find((d) => d.id === deckId)).toMatchObject({ origin: 'created', onExam: false });
  });

  it('adds a card to a new deck, and search finds it', async () => {
    const { call } = setup();
    const { deckId } = await call('decks.create', { title: 'My AWS notes' });
    const saved = await call('cards.add', { deckId, note: basic('Who patches RDS engines?', 'AWS, in the maintenance window'), tags: ['rds', 'patching'] });
    expect(saved.cardIds).toHaveLength(1);
    expect(saved.card?.content).toEqual({ kind: 'basic', front: 'Who patches RDS engines?', back: 'AWS, in the maintenance window' });
    const found = await call('cards.search', { query: 'rds maintenance tag:patching' });
    expect(found.cards.map((c) => c.id)).toEqual(saved.cardIds);
    expect((await call('cards.search', { query: 'added:1 deck:"My AWS notes"' })).total).toBe(1);
  });

  it('makes two cards for basic and reversed, one per deletion for cloze, and a graded card for responsibility and choice', async () => {
    const { call, content } = setup();
    const { deckId } = await call('decks.create', { title: 'Mixed' });
    const reversed = await call('cards.add', { deckId, note: { type: 'basic-reversed', front: 'IaaS', back: 'Infrastructure as a service' }, tags: [] });
    expect(reversed.cardIds.map(content)).toEqual([
      { kind: 'basic', front: 'IaaS', back: 'Infrastructure as a service' },
      { kind: 'basic', front: 'Infrastructure as a service', back: 'IaaS' },
    ]);
    const cloze = await call('cards.add', { deckId, note: { type: 'cloze', text: 'AWS secures the {{c1::hardware}}; you secure {{c2::your data::what?}} & <more>', extra: '' }, tags: [] });
    expect(cloze.cardIds.map(content)).toEqual([
      { kind: 'basic', html: true, front: 'AWS secures the <span class="cloze">[...]</span>; you secure your data &amp; &lt;more&gt;', back: 'AWS secures the <span class="cloze">hardware</span>; you secure your data &amp; &lt;more&gt;' },
      { kind: 'basic', html: true, front: 'AWS secures the hardware; you secure <span class="cloze">[what?]</span> &amp; &lt;more&gt;', back: 'AWS secures the hardware; you secure <span class="cloze">your data</span> &amp; &lt;more&gt;' },
    ]);
    const resp = await call('cards.add', { deckId, note: { type: 'responsibility', situation: 'Encrypting an S3 bucket', owner: 'customer', service: 'Amazon S3', explanation: 'You choose.' }, tags: [] });
    expect((await call('cards.search', { query: 'owner:customer service:s3 deck:mixed' })).cards.map((c) => c.id)).toEqual(resp.cardIds);
    const choice = await call('cards.add', { deckId, note: { type: 'choice', question: 'Yours?', options: ['Data', '', 'Racks'], answer: [0], explanation: '' }, tags: [] });
    expect(content(choice.cardIds[0]!)).toEqual({ kind: 'choice', question: 'Yours?', options: ['Data', 'Racks'], answer: [0], explanation: '' });
  });

  it('refuses an incomplete note, naming the field', async () => {
    const { call, refused } = setup();
    const { deckId } = await call('decks.create', { title: 'Strict' });
    expect(await refused('cards.add', { deckId, note: basic('  ', 'x'), tags: [] })).toBe('INVALID_ARGUMENT: Front is empty.');
    expect(await refused('cards.add', { deckId, note: { type: 'cloze', text: 'no deletion', extra: '' }, tags: [] })).toMatch(/Text has no cloze deletion/);
    expect(await refused('cards.add', { deckId, note: { type: 'choice', question: 'Q', options: ['a', 'b'], answer: [], explanation: '' }, tags: [] })).toMatch(/no right answer/);
    expect(await refused('cards.add', { deckId: 'nope', note: basic('a', 'b'), tags: [] })).toMatch(/NOT_FOUND/);
    expect(await refused('decks.create', { title: 'strict' })).toMatch(/CONFLICT: A deck called "strict" exists already/);
    expect((await call('cards.preview', { note: basic('', 'b') })).problem).toBe('Front is empty.');
  });

  it('keeps the review history through an edit, and undo restores the old text but not the old schedule', async () => {
    const { call, collection, clock, content } = setup();
    const saved = await call('cards.add', { deckId: 'iaas-ec2', note: basic('Who patchs the guest OS?', 'The customer'), tags: [] });
    const cardId = saved.cardIds[0]!;
    await call('study.answer', { cardId, grade: 3, durationMs: 3000 });
    clock.advanceDays(3);
    const logBefore = databaseOf(collection).prepare('SELECT * FROM review_log WHERE card_id = ?').all(cardId);
    const scheduleBefore = databaseOf(collection).prepare('SELECT state, due, stability, reps FROM cards WHERE id = ?').get(cardId);
    expect(logBefore).toHaveLength(1);

    const edited = await call('cards.update', { cardId, deckId: 'iaas-ec2', note: basic('Who patches the guest OS?', 'The customer'), tags: ['typo'] });
    expect(edited.card?.content).toMatchObject({ front: 'Who patches the guest OS?' });
    expect(edited.card?.id).toBe(cardId);
    expect(databaseOf(collection).prepare('SELECT * FROM review_log WHERE card_id = ?').all(cardId)).toEqual(logBefore);
    expect(databaseOf(collection).prepare('SELECT state, due, stability, reps FROM cards WHERE id = ?').get(cardId)).toEqual(scheduleBefore);
    const view = await call('cards.editor', { cardId });
    expect(view).toMatchObject({ editable: true, typeFixed: false, tags: ['typo'], note: basic('Who patches the guest OS?', 'The customer') });
    expect(view.history.map((h) => h.summary)).toEqual(['Edited a card', 'Added a card']);

    // A review after the edit: undoing the edit must not take the review's schedule back.
    await call('study.answer', { cardId, grade: 3, durationMs: 2000 });
    const scheduleAfterReview = databaseOf(collection).prepare('SELECT state, due, stability, reps FROM cards WHERE id = ?').get(cardId);
    const undone = await call('cards.undoEdit', {});
    expect(undone).toEqual({ summary: 'Edited a card', cardIds: [cardId] });
    expect(content(cardId)).toEqual({ kind: 'basic', front: 'Who patchs the guest OS?', back: 'The customer' });
    expect(databaseOf(collection).prepare('SELECT tags FROM cards WHERE id = ?').pluck().get(cardId)).toBe('');
    expect(databaseOf(collection).prepare('SELECT state, due, stability, reps FROM cards WHERE id = ?').get(cardId)).toEqual(scheduleAfterReview);
    expect(databaseOf(collection).prepare('SELECT count(*) FROM review_log WHERE card_id = ?').pluck().get(cardId)).toBe(2);
    expect((await call('cards.editor', { cardId })).note).toEqual(basic('Who patchs the guest OS?', 'The customer'));
  });

  it('edits a cloze note as a whole: a removed deletion retires its card, undo brings it back', async () => {
    const { call, collection } = setup();
    const saved = await call('cards.add', { deckId: 'iaas-ec2', note: { type: 'cloze', text: '{{c1::EBS}} and {{c2::VPC}}', extra: '' }, tags: [] });
    const [first, second] = saved.cardIds as [number, number];
    await call('cards.update', { cardId: first, deckId: 'iaas-ec2', note: { type: 'cloze', text: '{{c1::EBS}} and VPC', extra: 'x' }, tags: [] });
    const retired = (id: number) => databaseOf(collection).prepare('SELECT retired FROM cards WHERE id = ?').pluck().get(id);
    expect([retired(first), retired(second)]).toEqual([0, 1]);
    await call('cards.undoEdit', {});
    expect([retired(first), retired(second)]).toEqual([0, 0]);
    await call('cards.undoEdit', {});
    expect(databaseOf(collection).prepare('SELECT count(*) FROM cards WHERE id IN (?, ?)').pluck().get(first, second)).toBe(0);
  });

  it('keeps cards written into a built-in deck when the deck files are synced again', async () => {
    const { call, collection, clock } = setup();
    const saved = await call('cards.add', { deckId: 'iaas-ec2', note: basic('Mine', 'Yes'), tags: [] });
    databaseOf(collection).prepare("DELETE FROM meta WHERE key LIKE 'builtin-hash:%'").run();
    expect(syncBuiltinDecks(writeConnectionOf(databaseOf(collection)), decksDir, clock.now()).changed.length).toBeGreaterThan(0);
    expect(databaseOf(collection).prepare('SELECT retired FROM cards WHERE id = ?').pluck().get(saved.cardIds[0])).toBe(0);
  });

  it('does not edit built-in cards, and edits one imported card without changing its kind', async () => {
    const { call, refused, collection, content } = setup();
    const builtinId = databaseOf(collection).prepare("SELECT id FROM cards WHERE deck_id = 'iaas-ec2' LIMIT 1").pluck().get() as number;
    const view = await call('cards.editor', { cardId: builtinId });
    expect(view.editable).toBe(false);
    expect(view.notice).toMatch(/built-in card/);
    expect(await refused('cards.update', { cardId: builtinId, deckId: 'iaas-ec2', note: basic('a', 'b'), tags: [] })).toMatch(/^CONFLICT: Built-in cards are not edited/);

    databaseOf(collection).prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('import-x', 'X', 'custom', 'imported', 0)").run();
    const imported = Number(databaseOf(collection).prepare(`INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, position, due)
      VALUES ('import-x', 'import-x', 'k', 'k', 'basic', ?, 1, 0)`).run(JSON.stringify({ kind: 'basic', front: '<b>Old</b>', back: 'x<img src="media/a.png">', html: true })).lastInsertRowid);
    const importedView = await call('cards.editor', { cardId: imported });
    expect(importedView).toMatchObject({ editable: true, typeFixed: true, note: basic('<b>Old</b>', 'x<img src="media/a.png">') });
    await call('cards.update', { cardId: imported, deckId: 'import-x', note: basic('<b>New</b><script>x()</script>', 'x<img src="media/a.png"><img src="http://evil/x.png">'), tags: [] });
    expect(content(imported)).toEqual({ kind: 'basic', front: '<b>New</b>', back: 'x<img src="media/a.png" />', html: true });
    expect(await refused('cards.update', { cardId: imported, deckId: 'import-x', note: { type: 'responsibility', situation: 's', owner: 'aws', service: '', explanation: 'e' }, tags: [] })).toMatch(/stays a basic card/);
  });

  it("keeps an imported card's sound tags through an edit, and adds no new sound the learner types", async () => {
    const { call, collection, content } = setup();
    databaseOf(collection).prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('import-s', 'S', 'custom', 'imported', 0)").run();
    const imported = Number(databaseOf(collection).prepare(`INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, position, due)
      VALUES ('import-s', 'import-s', 'k', 'k', 'basic', ?, 1, 0)`).run(JSON.stringify({ kind: 'basic', front: 'Say it [sound:word-1a2b.mp3]', back: 'x', html: true })).lastInsertRowid);
    await call('cards.update', { cardId: imported, deckId: 'import-s', note: basic('Say it again [sound:word-1a2b.mp3]', 'y [sound:other.mp3]'), tags: [] });
    expect(content(imported)).toEqual({ kind: 'basic', front: 'Say it again [sound:word-1a2b.mp3]', back: 'y', html: true });
  });

  it('acts on a selection and undoes each action', async () => {
    const { call, collection } = setup();
    const ids = databaseOf(collection).prepare("SELECT id FROM cards WHERE deck_id = 'iaas-ec2' ORDER BY position LIMIT 3").pluck().all() as number[];
    const row = (id: number) => databaseOf(collection).prepare('SELECT deck_id, suspended, tags, retired FROM cards WHERE id = ?').get(id);
    const before = ids.map(row);
    const suspended = await call('cards.bulk', { action: 'suspend', cardIds: ids });
    expect(suspended).toMatchObject({ changed: 3, summary: '3 cards suspended' });
    expect((await call('cards.search', { query: 'is:suspended deck:iaas-ec2' })).total).toBe(3);
    await call('cards.bulk', { action: 'tag', cardIds: ids, tags: ['exam-week'] });
    expect((await call('cards.search', { query: 'tag:exam-week' })).total).toBe(3);
    await call('cards.bulk', { action: 'move', cardIds: ids.slice(0, 1), deckId: 'paas-managed' });
    const deleted = await call('cards.bulk', { action: 'delete', cardIds: ids.slice(1) });
    expect(deleted.summary).toBe('2 cards deleted');
    expect((await call('cards.search', { query: 'tag:exam-week' })).total).toBe(1);
    // Undo the delete by its id, then everything else newest first.
    await call('cards.undoEdit', { batchId: deleted.batchId! });
    for (const summary of ['1 card moved to PaaS and Managed Services: RDS, Lambda, Elastic Beanstalk, S3 and DynamoDB', '3 cards tagged exam-week', '3 cards suspended']) {
      expect((await call('cards.undoEdit', {})).summary).toBe(summary);
    }
    expect(ids.map(row)).toEqual(before);
  });
});
