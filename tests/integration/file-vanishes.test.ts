import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { apiMethodNames, type ApiMethodName } from '../../electron/api/api-method-names.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { checksum, decksDir, tempDir, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

/**
 * The property behind "the collection's identity is checked before every
 * acknowledged write": whatever method writes, once the file has been moved
 * away nothing is acknowledged. Every method of the API is listed below as a
 * write (with a valid call) or a read, so a new method cannot skip the check
 * unnoticed.
 */

interface Context {
  dispatcher: ReturnType<typeof createDispatcher>;
  sessionId: string;
  cardId: number;
  answeredCardId: number;
  presetConfig: Record<string, unknown>;
  deckId: string;
  presetId: number;
  syncFolder: string;
  csvBase64: string;
  /** A practice exam started before the file went away. */
  examId: number;
}

const basicNote = { type: 'basic' as const, front: 'Who patches the guest OS on EC2?', back: 'The customer' };

/** A valid call for every method that changes the collection, in an order that works on a fresh collection. */
const writes: Partial<Record<ApiMethodName, (c: Context) => unknown>> = {
  'study.answer': (c) => ({ sessionId: c.sessionId, cardId: c.cardId, grade: 3, durationMs: 1000, revealed: true }),
  'study.undo': (c) => ({ sessionId: c.sessionId }),
  'study.extendNew': (c) => ({ deckId: c.deckId, count: 2 }),
  'decks.setOptions': (c) => ({ deckId: c.deckId, newPerDay: 5, reviewsPerDay: null, examDate: null }),
  'cards.suspend': (c) => ({ cardIds: [c.cardId], suspended: true }),
  'cards.reset': (c) => ({ cardIds: [c.cardId] }),
  'cards.bury': (c) => ({ cardId: c.cardId }),
  'cards.flag': (c) => ({ cardId: c.cardId, flag: 2 }),
  'cards.setDue': (c) => ({ cardIds: [c.answeredCardId], days: 3 }),
  'cards.shift': (c) => ({ kind: 'postpone', scope: { deckId: c.deckId }, days: 2 }),
  'decks.create': () => ({ title: 'My notes' }),
  'cards.add': (c) => ({ deckId: c.deckId, note: basicNote, tags: [] }),
  'cards.update': (c) => ({ cardId: c.cardId, deckId: c.deckId, note: basicNote, tags: ['edited'] }),
  'cards.undoEdit': () => ({}),
  'cards.bulk': (c) => ({ action: 'tag', cardIds: [c.cardId], tags: ['bulk'] }),
  'cards.replace': (c) => ({ cardIds: [c.cardId], find: 'guest', replacement: 'Guest', regex: false, matchCase: false, fields: ['front'] }),
  'cards.move': (c) => ({ cardIds: [c.cardId], deckId: c.deckId }),
  'settings.update': () => ({ newPerDay: 7 }),
  'optimizer.reset': () => ({}),
  'presets.create': () => ({ name: 'Cram', copyOf: null }),
  'presets.update': (c) => ({ id: c.presetId, name: 'Cram hard', config: { ...c.presetConfig, newPerDay: 30 } }),
  'decks.setPreset': (c) => ({ deckId: c.deckId, presetId: c.presetId }),
  'presets.delete': (c) => ({ id: c.presetId }),
  'import.run': (c) => ({ fileName: 'notes.csv', dataBase64: c.csvBase64 }),
  'import.start': (c) => ({ fileName: 'notes.csv', dataBase64: c.csvBase64 }),
  'optimizer.start': () => ({}),
  'sync.setFolder': (c) => ({ folder: c.syncFolder }),
  'sync.now': () => ({}),
  'practice.start': () => ({ size: 2 }),
  'practice.finish': (c) => ({ examId: c.examId, answers: [] }),
  'decks.delete': (c) => ({ deckId: c.deckId }),
};

/** Methods that only read (or only touch memory and files outside the collection). */
const reads: ApiMethodName[] = [
  'today.get', 'study.start', 'study.check', 'cram.start', 'line.get', 'decks.list', 'decks.cards', 'decks.export',
  'cards.search', 'cards.editor', 'cards.preview', 'cards.info', 'cards.replacePreview', 'cards.duplicates', 'cards.lastEdit', 'cards.previewShift', 'settings.get', 'stats.get', 'stats.parameters',
  'import.preview', 'import.status', 'import.cancel', 'optimizer.status', 'optimizer.cancel', 'app.info', 'app.health', 'app.opening',
  'backups.list', 'backups.create', 'backups.status', 'doctor.start', 'doctor.status',
  // Puts a backup in place of the file and reopens: the host checks and swaps the file itself.
  'backups.restore', 'sync.status', 'presets.list', 'simulator.start', 'simulator.status', 'exam.plan', 'exam.scope',
  'practice.overview', 'practice.result',
];

const opened: Collection[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

async function setup(): Promise<{ collection: Collection; file: string; context: Context }> {
  const dir = tempDir('demarc-vanish-');
  const file = path.join(dir, 'collection.sqlite');
  const clock = new TestClock();
  const collection = Collection.open({ file, builtinDecksDir: decksDir, now: clock.now, stateDir: path.join(dir, 'state') });
  opened.push(collection);
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'ipc' }));
  const ok = async (method: string, args: unknown): Promise<unknown> => {
    const reply = await dispatcher.dispatch(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  const { deckId } = (await ok('decks.create', { title: 'Own cards' })) as { deckId: string };
  const added = (await ok('cards.add', { deckId, note: basicNote, tags: [] })) as { cardIds: number[] };
  await ok('cards.add', { deckId, note: { ...basicNote, front: 'Who patches the host OS under EC2?', back: 'AWS' }, tags: [] });
  const session = (await ok('study.start', { deckIds: [deckId] })) as { sessionId: string; cards: { id: number }[] };
  // Two answers first, as a learner would have given before the file went away.
  for (const card of session.cards.slice(0, 2)) await ok('study.answer', { sessionId: session.sessionId, cardId: card.id, grade: 3, durationMs: 1000, revealed: true });
  const presets = (await ok('presets.create', { name: 'Exam week', copyOf: null })) as { id: number | null; name: string; config: Record<string, unknown> }[];
  const preset = presets.find((p) => p.name === 'Exam week') as { id: number; config: Record<string, unknown> };
  const syncFolder = path.join(dir, 'sync');
  fs.mkdirSync(syncFolder);
  await ok('sync.setFolder', { folder: syncFolder });
  const csvBase64 = Buffer.from('front,back\nWho runs the hypervisor?,AWS\n').toString('base64');
  const { examId } = (await ok('practice.start', { size: 2 })) as { examId: number };
  return { collection, file, context: { examId,  dispatcher, sessionId: session.sessionId, cardId: added.cardIds[0] ?? 0, answeredCardId: session.cards.find((card) => card.id !== added.cardIds[0])?.id ?? 0, deckId, presetId: preset.id, presetConfig: preset.config, syncFolder, csvBase64 } };
}

describe('a collection file moved away while the app runs', () => {
  it('classifies every API method as a write or a read', () => {
    const classified = [...Object.keys(writes), ...reads].sort();
    expect(classified).toEqual([...apiMethodNames].sort());
  });

  it('refuses every write with NOT_FOUND and changes nothing in the moved file', async () => {
    const { collection, file, context } = await setup();
    const aside = `${file}.moved`;
    fs.renameSync(file, aside);
    const before = checksum(databaseOf(collection));
    const acknowledged: string[] = [];
    for (const [method, args] of Object.entries(writes)) {
      const reply = await context.dispatcher.dispatch(method, args(context));
      if (reply.ok || reply.error.code !== ErrorCode.notFound) acknowledged.push(`${method}: ${reply.ok ? 'ok' : reply.error.code}`);
    }
    expect(acknowledged).toEqual([]);
    expect(checksum(databaseOf(collection))).toBe(before);
  });

  it('acknowledges the same calls while the file is in place (so the refusals above are about the file)', async () => {
    const { context } = await setup();
    const refused: string[] = [];
    for (const [method, args] of Object.entries(writes)) {
      const reply = await context.dispatcher.dispatch(method, args(context));
      if (!reply.ok) refused.push(`${method}: ${reply.error.code} ${reply.error.message}`);
    }
    expect(refused).toEqual([]);
  });

  it('hands its connection to no one: no getter returns it, nor do the targets given to imports and sync', async () => {
    const { collection } = await setup();
    const db = databaseOf(collection);
    const leaks: string[] = [];
    const check = (where: string, value: unknown): void => {
      if (value === db) leaks.push(where);
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) if (inner === db) leaks.push(`${where}.${key}`);
      }
    };
    for (const name of Object.getOwnPropertyNames(Collection.prototype)) {
      if (Object.getOwnPropertyDescriptor(Collection.prototype, name)?.get) check(name, (collection as unknown as Record<string, unknown>)[name]);
    }
    check('importTarget()', collection.importTarget());
    check('syncTarget()', collection.syncTarget());
    expect(leaks).toEqual([]);
  });
});
