import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { Envelope } from '../../electron/api/api-contract.js';
import type { AnswerResult, StudySession, UndoResult, UndoState } from '../../electron/core/domain/types.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { rightAction } from '../helpers/learner-actions.js';

/** The review screen's path: the API, with the session's id on every card tool. */
function setup() {
  const { collection, clock } = openTestCollection();
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  const call = async <T>(method: string, args: unknown): Promise<Envelope<T>> => (await dispatcher.dispatch(method, args)) as Envelope<T>;
  const value = async <T>(method: string, args: unknown): Promise<T> => {
    const reply = await call<T>(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  const db = databaseOf(collection);
  const row = (cardId: number) =>
    db.prepare('SELECT buried_day AS buried, suspended, flag, due, state, scheduled_days AS days FROM cards WHERE id = ?').get(cardId) as {
      buried: number; suspended: number; flag: number; due: number; state: number; days: number;
    };
  const reviews = () => db.prepare('SELECT count(*) FROM review_log').pluck().get() as number;
  return { collection, clock, call, value, row, reviews };
}

describe('undo in review takes back every learner action, in one stack with the answers', () => {
  it('answer, bury, suspend, flag, set due date: each undone newest first, each named, and the answer still undoable at the end', async () => {
    const { collection, value, row, reviews } = setup();
    const session = await value<StudySession>('study.start', {});
    const sessionId = session.sessionId;
    const [a, b, c, d] = session.cards;
    const before = { a: row(a!.id), b: row(b!.id), c: row(c!.id), d: row(d!.id) };

    const answered = await value<AnswerResult>('study.answer', { sessionId, cardId: a!.id, grade: 3, durationMs: 1, ...rightAction(a!) });
    expect(answered).toMatchObject({ undoDepth: 1, undoNext: 'answer' });
    const afterAnswer = row(a!.id);
    expect(await value('cards.bury', { cardId: b!.id, sessionId })).toEqual({ buried: true, undo: { undoDepth: 2, undoNext: 'bury' } });
    expect(await value('cards.suspend', { cardIds: [c!.id], suspended: true, sessionId })).toEqual({ changed: 1, undo: { undoDepth: 3, undoNext: 'suspend' } });
    expect(await value('cards.flag', { cardId: d!.id, flag: 2, sessionId })).toEqual({ flag: 2, undo: { undoDepth: 4, undoNext: 'flag' } });
    // The answered card is in learning: it has a schedule to move.
    expect(await value('cards.setDue', { cardIds: [a!.id], days: 3, sessionId })).toEqual({ changed: 1, undo: { undoDepth: 5, undoNext: 'setDue' } });
    expect(row(b!.id).buried).toBe(studyDay(collection.now(), collection.settings.rolloverHour));
    expect(row(c!.id).suspended).toBe(1);
    expect(row(d!.id).flag).toBe(2);
    expect(row(a!.id)).toMatchObject({ state: 2, days: 3 });

    const undo = () => value<UndoResult>('study.undo', { sessionId });
    expect(await undo()).toMatchObject({ undone: 'setDue', card: { id: a!.id }, undoDepth: 4, undoNext: 'flag' });
    expect(row(a!.id)).toEqual(afterAnswer);
    expect(await undo()).toMatchObject({ undone: 'flag', card: { id: d!.id }, flag: 0, undoDepth: 3, undoNext: 'suspend' });
    expect(row(d!.id)).toEqual(before.d);
    expect(await undo()).toMatchObject({ undone: 'suspend', card: { id: c!.id }, undoDepth: 2, undoNext: 'bury' });
    expect(row(c!.id)).toEqual(before.c);
    expect(await undo()).toMatchObject({ undone: 'bury', card: { id: b!.id }, undoDepth: 1, undoNext: 'answer' });
    expect(row(b!.id)).toEqual(before.b);
    // The tools no longer end the undo of the answers before them.
    expect(reviews()).toBe(1);
    expect(await undo()).toMatchObject({ undone: 'answer', card: { id: a!.id }, undoDepth: 0, undoNext: null });
    expect(row(a!.id)).toEqual(before.a);
    expect(reviews()).toBe(0);
    expect(await value('study.undo', { sessionId })).toBeNull();
  });

  it('an undo puts back only what its action changed: a flag set outside the stack survives the undo of a bury', async () => {
    const { collection, value, row } = setup();
    const session = await value<StudySession>('study.start', {});
    const card = session.cards[0]!;
    await value('cards.flag', { cardId: card.id, flag: 3, sessionId: session.sessionId });
    await value('cards.flag', { cardId: card.id, flag: 1, sessionId: session.sessionId });
    await value('cards.bury', { cardId: card.id, sessionId: session.sessionId });
    await value<UndoResult>('study.undo', { sessionId: session.sessionId });
    expect(row(card.id)).toMatchObject({ buried: 0, flag: 1 });
    // Flagging twice is two steps: the second undo brings back the first flag, not "none".
    expect(await value<UndoResult>('study.undo', { sessionId: session.sessionId })).toMatchObject({ undone: 'flag', flag: 3, undoNext: 'flag' });
    expect(row(card.id).flag).toBe(3);
    expect(collection.undoDepth).toBe(0);
  });

  it('without a session the tools still end every undo history (the deck browser and scripts)', async () => {
    const { value, row } = setup();
    const session = await value<StudySession>('study.start', {});
    const [a, b] = session.cards;
    await value('study.answer', { sessionId: session.sessionId, cardId: a!.id, grade: 3, durationMs: 1, ...rightAction(a!) });
    expect(await value('cards.bury', { cardId: b!.id })).toEqual({ buried: true, undo: null });
    expect(await value('study.undo', { sessionId: session.sessionId })).toBeNull();
    expect(row(b!.id).buried).toBeGreaterThan(0);
  });

  it("a tool in one session forgets another session's undo, whose whole-card restore could take the tool's change back", async () => {
    const { value } = setup();
    const first = await value<StudySession>('study.start', {});
    const second = await value<StudySession>('study.start', {});
    const card = first.cards[0]!;
    await value('study.answer', { sessionId: first.sessionId, cardId: card.id, grade: 3, durationMs: 1, ...rightAction(card) });
    await value('cards.flag', { cardId: card.id, flag: 4, sessionId: second.sessionId });
    expect(await value('study.undo', { sessionId: first.sessionId })).toBeNull();
    expect(await value<UndoResult>('study.undo', { sessionId: second.sessionId })).toMatchObject({ undone: 'flag', flag: 0 });
  });

  it('refuses an ended session before writing, and a step whose card was deleted leaves the stack with a clear message', async () => {
    const { collection, value, call, row } = setup();
    const session = await value<StudySession>('study.start', {});
    const [a, b] = session.cards;
    const ended = await call('cards.bury', { cardId: a!.id, sessionId: '00000000-0000-4000-8000-000000000000' });
    expect(ended).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    expect(row(a!.id).buried).toBe(0);
    // A refused tool (a new card has no due date to set) puts nothing on the stack.
    expect(await call('cards.setDue', { cardIds: [a!.id], days: 2, sessionId: session.sessionId })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await value('cards.bury', { cardId: a!.id, sessionId: session.sessionId })).toMatchObject({ undo: { undoDepth: 1 } });
    const suspended = await value<{ undo: UndoState }>('cards.suspend', { cardIds: [b!.id], suspended: true, sessionId: session.sessionId });
    expect(suspended.undo).toEqual({ undoDepth: 2, undoNext: 'suspend' });
    databaseOf(collection).prepare('DELETE FROM cards WHERE id = ?').run(b!.id);
    const gone = await call('study.undo', { sessionId: session.sessionId });
    expect(gone).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/deleted/) } });
    expect(await value<UndoResult>('study.undo', { sessionId: session.sessionId })).toMatchObject({ undone: 'bury', card: { id: a!.id }, undoDepth: 0 });
    expect(row(a!.id).buried).toBe(0);
  });
});
