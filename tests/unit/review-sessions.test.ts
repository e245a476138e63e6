import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { Collection } from '../../electron/core/collection.js';
import type { Envelope } from '../../electron/api/api-contract.js';
import type { AnswerResult, StudyCard, StudySession, UndoResult } from '../../electron/core/domain/types.js';
import { decksDir, openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { rightAction, wrongAction } from '../helpers/learner-actions.js';

function setup() {
  const { collection, clock } = openTestCollection();
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  const call = async <T>(method: string, args: unknown): Promise<Envelope<T>> => (await dispatcher.dispatch(method, args)) as Envelope<T>;
  const value = async <T>(method: string, args: unknown): Promise<T> => {
    const reply = await call<T>(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  return { collection, clock, call, value };
}

function lastLog(collection: Collection) {
  return databaseOf(collection).prepare('SELECT card_id AS cardId, rating, picked_owner AS picked, correct, kind FROM review_log ORDER BY id DESC LIMIT 1').get() as
    | { cardId: number; rating: number; picked: string | null; correct: number | null; kind: string }
    | undefined;
}

const firstOfKind = (session: StudySession, kind: StudyCard['content']['kind']) => session.cards.find((c) => c.content.kind === kind)!;

describe('the back end grades', () => {
  it('refuses a verdict sent by the page: a wrong owner claimed right is not stored as right', async () => {
    const { collection, call, value } = setup();
    const session = await value<StudySession>('study.start', {});
    const card = firstOfKind(session, 'responsibility');
    const base = { sessionId: session.sessionId, cardId: card.id, durationMs: 1000 };
    // The old wire shape: the page said "correct". It is no longer accepted at all.
    const claimed = await call('study.answer', { ...base, grade: 3, ...wrongAction(card), correct: true });
    expect(claimed).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    // A wrong pick graded Good is refused; nothing is written.
    const forbidden = await call('study.answer', { ...base, grade: 3, ...wrongAction(card) });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/only grade is Again/) } });
    expect(lastLog(collection)).toBeUndefined();
    // Graded Again, it is stored as wrong, with the verdict returned to the screen.
    const again = await value<AnswerResult>('study.answer', { ...base, grade: 1, ...wrongAction(card) });
    expect(again.correct).toBe(false);
    expect(lastLog(collection)).toMatchObject({ cardId: card.id, rating: 1, correct: 0 });
    const matrix = collection.stats({}, '1m').matrix.flatMap((m) => m.cells).find((cell) => cell.owner === (card.content as { owner: string }).owner);
    expect(matrix).toMatchObject({ answered: 1, right: 0 });
  });

  it('judges a pick before grading (study.check) with the same rule it applies to the answer', async () => {
    const { value, call } = setup();
    const session = await value<StudySession>('study.start', {});
    const card = firstOfKind(session, 'responsibility');
    expect(await value('study.check', { cardId: card.id, ...rightAction(card) })).toEqual({ correct: true, allowedGrades: [1, 2, 3, 4] });
    expect(await value('study.check', { cardId: card.id, ...wrongAction(card) })).toEqual({ correct: false, allowedGrades: [1] });
    // A session answer without a pick is refused: a learner always picks first.
    expect(await call('study.answer', { sessionId: session.sessionId, cardId: card.id, grade: 3, durationMs: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('judges choice cards by the card file’s option indices, whatever order they were shown in', () => {
    const { collection } = openTestCollection();
    const imported = collection.runImport(
      'choice.json',
      Buffer.from(
        JSON.stringify({
          format: 'demarc-deck/1', id: 'choices', title: 'Choices', serviceType: 'practice', description: 'Options to choose',
          cards: [{ id: 'c1', kind: 'choice', question: 'Which are the customer’s?', options: ['Racks', 'Guest OS', 'IAM users', 'Hypervisor'], answer: [1, 2], explanation: 'x', source: 's' }],
        }),
      ),
      {},
    );
    const session = collection.study({ deckIds: [imported.decks[0]!.id] });
    const card = session.cards[0]!;
    expect(collection.check(card.id, { chosenOptions: [2, 1] })).toEqual({ correct: true, allowedGrades: [1, 2, 3, 4] });
    expect(collection.check(card.id, { chosenOptions: [1] })).toEqual({ correct: false, allowedGrades: [1] });
    expect(() => collection.check(card.id, { chosenOptions: [7] })).toThrow(/4 options/);
    expect(() => collection.answer({ sessionId: session.sessionId, cardId: card.id, grade: 4, durationMs: 1, chosenOptions: [0, 1] })).toThrow(/only grade is Again/);
    expect(collection.answer({ sessionId: session.sessionId, cardId: card.id, grade: 4, durationMs: 1, chosenOptions: [1, 2] }).correct).toBe(true);
  });
});

describe('sessions own their undo', () => {
  it('a new session cannot undo an answer of an earlier one', async () => {
    const { collection, value } = setup();
    const first = await value<StudySession>('study.start', {});
    const card = first.cards[0]!;
    await value('study.answer', { sessionId: first.sessionId, cardId: card.id, grade: 3, durationMs: 1, ...rightAction(card) });
    const second = await value<StudySession>('study.start', {});
    expect(await value('study.undo', { sessionId: second.sessionId })).toBeNull();
    expect(lastLog(collection)?.cardId).toBe(card.id);
    const undone = await value<UndoResult>('study.undo', { sessionId: first.sessionId });
    expect(undone.card.id).toBe(card.id);
    expect(lastLog(collection)).toBeUndefined();
  });

  it('after a restart the old session is over: its answers are final, and the screen is told so', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.sqlite');
    const clock = new TestClock();
    const open = () => Collection.open({ file, builtinDecksDir: decksDir, now: clock.now });
    const before = open();
    const session = before.study();
    const card = session.cards[0]!;
    before.answer({ sessionId: session.sessionId, cardId: card.id, grade: 3, durationMs: 1, ...rightAction(card) });
    before.close();
    const after = open();
    const dispatcher = createDispatcher(createHandlers({ collection: after, appVersion: 'test', transport: 'http' }));
    const reply = await dispatcher.dispatch('study.undo', { sessionId: session.sessionId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED', message: expect.stringMatching(/Start a new one from Today/) } });
    expect(lastLog(after)?.cardId).toBe(card.id);
    after.close();
  });

  it('a cram answer is undone only inside its cram session, and never lands the card in the daily queue', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ learningSteps: [] });
    // A card studied yesterday and due in days: not in today's queue.
    const start = collection.study();
    const card = start.cards[0]!;
    collection.answer({ sessionId: start.sessionId, cardId: card.id, grade: 4, durationMs: 1, ...rightAction(card) });
    clock.advanceDays(1);
    const queueBefore = collection.study().cards.map((c) => c.id);
    expect(queueBefore).not.toContain(card.id);
    const recordBefore = collection.cardRecord(card.id);

    for (const countTowardSchedule of [false, true]) {
      const cram = collection.cram({ deckIds: [card.deckId], size: 1000, order: 'due' }, countTowardSchedule);
      const crammed = cram.cards.find((c) => c.id === card.id)!;
      collection.answer({ sessionId: cram.sessionId, cardId: card.id, grade: 1, durationMs: 1, ...wrongAction(crammed) });
      expect(lastLog(collection)).toMatchObject({ cardId: card.id, kind: 'cram', correct: crammed.content.kind === 'basic' ? null : 0 });
      // Ctrl+Z in a daily session started afterwards does nothing to the cram answer.
      const daily = collection.study();
      expect(collection.undo(daily.sessionId)).toBeNull();
      expect(lastLog(collection)?.kind).toBe('cram');
      // Undone in its cram session, the card comes back as the cram showed it, and the schedule is as before.
      const undone = collection.undo(cram.sessionId)!;
      expect(undone.card.id).toBe(card.id);
      expect(undone.card.previews).toEqual(crammed.previews);
      expect(collection.cardRecord(card.id)).toEqual(recordBefore);
      expect(collection.study().cards.map((c) => c.id)).toEqual(queueBefore);
    }
  });

  it('cards changed outside the review path end every session’s undo', () => {
    const { collection } = openTestCollection();
    const session = collection.study();
    const card = session.cards[0]!;
    expect(collection.answer({ sessionId: session.sessionId, cardId: card.id, grade: 3, durationMs: 1, ...rightAction(card) }).undoDepth).toBe(1);
    collection.cards.setSuspended([session.cards[1]!.id], true);
    expect(collection.undo(session.sessionId)).toBeNull();
  });
});
