/**
 * Fuzzes every method of the API contract through the dispatcher, the one
 * entry both transports call with whatever the (untrusted) renderer or local
 * page sends: random values of every type, wrong types, huge strings, deep
 * objects, odd numbers, unknown ids and prototype-pollution keys, plus valid
 * calls with small mutations. Every call must come back as an envelope (ok,
 * or a typed error other than INTERNAL), nothing may throw or reject
 * unhandled, Object.prototype stays clean, and a rejected call leaves the
 * database exactly as it was.
 *
 * Runs per method: 40 in `npm test`, DEMARC_FUZZ_RUNS under `npm run fuzz` (20000).
 * Seeds are fixed per method, so a failure replays.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { apiMethodNames, type ApiMethodName } from '../../electron/api/api-method-names.js';
import type { Envelope } from '../../electron/api/api-contract.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { cardStateNames, cramOrders, owners, serviceTypes } from '../../electron/core/domain/types.js';
import { statsPeriods } from '../../electron/core/stats/stats-types.js';
import { presetConfigOf } from '../../electron/core/presets/preset-schema.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import type { Collection } from '../../electron/core/collection.js';
import { startWebServer, type WebServer } from '../../electron/web/web-server.js';
import { checksum, openTestCollection, tempDir } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { anyCodePoint } from '../helpers/any-code-point.js';

const runsPerMethod = fuzzRuns(40);
/** Generous: a long `npm run fuzz` on a busy machine must not time out (about 1 ms per call here). */
const timeoutMs = Math.max(120_000, runsPerMethod * 10);
const knownCodes = new Set<string>(Object.values(ErrorCode));
const pollutionKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

function seedOf(name: string): number {
  return createHash('sha256').update(`demarc-fuzz:${name}`).digest().readUInt32BE(0);
}

// ---------------------------------------------------------------- hostile values

const keyArb = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...pollutionKeys, 'cardId', 'deckId', 'grade', 'request', 'options'));

/** Anything a structured clone (IPC) or JSON (web mode) could carry, and more. */
const junk = fc.anything({
  key: keyArb,
  maxDepth: 4,
  maxKeys: 6,
  withBoxedValues: true,
  withSet: true,
  withMap: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
});

const hugeString = fc.constantFrom('x'.repeat(1_000_000), 'é'.repeat(300_000), '\u0000'.repeat(10_000), 'A'.repeat(100_001));

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value, deckId: 'x' };
  return value;
}

const deep = fc.tuple(fc.integer({ min: 50, max: 5000 }), fc.boolean()).map(([depth, asArray]) => nested(depth, 1, asArray));

/** An own `__proto__` key, as JSON.parse makes it (fast-check builds objects with assignment). */
const pollutingObject = fc.constantFrom(...pollutionKeys).map((key) => JSON.parse(`{"${key}": {"polluted": true, "isAdmin": true}}`) as unknown);

const nasty = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    -1,
    0,
    0.5,
    2 ** 31,
    2 ** 53,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    '0',
    '1',
    'NaN',
    'null',
    'undefined',
    '../../etc/passwd',
    '<img src=x onerror=alert(1)>',
    "'; DROP TABLE cards; --",
    '%',
    '\uD800',
    null,
    undefined,
    true,
    false,
    [],
    {},
    [null],
  ),
  fc.double(),
  fc.integer(),
  fc.bigInt(),
  hugeString,
  deep,
  pollutingObject,
  fc.string({ maxLength: 300, unit: anyCodePoint }),
);

// ---------------------------------------------------------------- valid-shaped calls

interface Ids {
  cards: number[];
  decks: string[];
}

const syncFolderForFuzz = tempDir('demarc-fuzz-sync-');

const unknownCardId = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const unknownDeckId = fc.string({ minLength: 1, maxLength: 200 });

function validArgs(method: ApiMethodName, ids: Ids): fc.Arbitrary<unknown> {
  const cardId = fc.oneof({ arbitrary: fc.constantFrom(...ids.cards), weight: 4 }, { arbitrary: unknownCardId, weight: 1 });
  const cardIds = fc.array(cardId, { minLength: 1, maxLength: 5 });
  const deckId = fc.oneof({ arbitrary: fc.constantFrom(...ids.decks), weight: 3 }, { arbitrary: unknownDeckId, weight: 1 });
  const deckIds = fc.array(deckId, { maxLength: 4 });
  const none = fc.constantFrom({}, undefined);
  const file = fc.record(
    {
      fileName: fc.oneof(fc.constantFrom('deck.csv', 'deck.tsv', 'notes.txt', 'deck.json', 'deck.apkg', 'deck.colpkg', 'x.exe', '.csv', 'a/../b.csv'), fc.string({ minLength: 1, maxLength: 500 })),
      // The envelope, not the content: tiny files only (file-content fuzzing lives with the importers).
      dataBase64: fc.oneof(fc.constantFrom('', Buffer.from('front,back\nq,a\n').toString('base64')), fc.base64String({ maxLength: 64 })),
      options: fc.record(
        {
          deckName: fc.string({ minLength: 1, maxLength: 200 }),
          includeHistory: fc.boolean(),
          delimiter: fc.constantFrom(',', ';', '\t', '|'),
          hasHeader: fc.boolean(),
          mapping: fc.record({ front: fc.nat(999), back: fc.nat(999), tags: fc.nat(999) }, { requiredKeys: ['front', 'back'] }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['fileName', 'dataBase64'] },
  );
  switch (method) {
    case 'study.undo':
      return fc.record({ sessionId: fc.uuid() });
    case 'study.check':
      return fc.record(
        { cardId, pickedOwner: fc.constantFrom(...owners), chosenOptions: fc.array(fc.nat(99), { minLength: 1, maxLength: 4 }), revealed: fc.boolean() },
        { requiredKeys: ['cardId'] },
      );
    case 'today.get':
    case 'decks.list':
    case 'line.get':
    case 'settings.get':
    case 'optimizer.start':
    case 'optimizer.status':
    case 'import.status':
    case 'import.cancel':
    case 'optimizer.cancel':
    case 'optimizer.reset':
    case 'app.info':
    case 'app.health':
    case 'app.opening':
    case 'backups.list':
    case 'backups.create':
    case 'backups.status':
    case 'doctor.start':
    case 'doctor.status':
      return none;
    case 'backups.restore':
      return fc.record({ name: fc.oneof(fc.constantFrom('daily-2026-01-01.sqlite', '../x.sqlite'), fc.string({ maxLength: 210 })) });
    case 'sync.status':
    case 'sync.now':
      return none;
    case 'sync.setFolder':
      // Only folders of the test's own: a fuzzed path must never make sync write somewhere real.
      return fc.record({ folder: fc.constantFrom(null, syncFolderForFuzz, 'relative/folder', '/nonexistent/demarc-sync', '') });
    case 'study.start':
      return fc.record({ deckIds }, { requiredKeys: [] });
    case 'study.answer':
      return fc.record(
        {
          cardId,
          grade: fc.constantFrom(1, 2, 3, 4),
          durationMs: fc.integer({ min: 0, max: 3_600_000 }),
          sessionId: fc.uuid(),
          pickedOwner: fc.constantFrom(...owners),
          chosenOptions: fc.array(fc.nat(99), { minLength: 1, maxLength: 4 }),
          revealed: fc.boolean(),
        },
        { requiredKeys: ['cardId', 'grade', 'durationMs'] },
      );
    case 'cram.start':
      return fc.record({
        request: fc.record(
          {
            deckIds,
            serviceTypes: fc.subarray([...serviceTypes]),
            owners: fc.subarray([...owners]),
            services: fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 3 }),
            cardIds,
            size: fc.integer({ min: 1, max: 1000 }),
            order: fc.constantFrom(...cramOrders),
            mistakeDays: fc.integer({ min: 1, max: 365 }),
            seed: fc.integer({ min: 0, max: 2 ** 31 }),
          },
          { requiredKeys: ['size', 'order'] },
        ),
        countTowardSchedule: fc.boolean(),
      });
    case 'decks.cards':
      return fc.record(
        {
          deckId,
          search: fc.string({ maxLength: 500 }),
          state: fc.constantFrom(...cardStateNames, 'suspended', 'all'),
          limit: fc.integer({ min: 1, max: 1000 }),
          offset: fc.integer({ min: 0, max: 10_000_000 }),
        },
        { requiredKeys: ['deckId'] },
      );
    case 'decks.delete':
      return fc.record({ deckId });
    case 'decks.export':
      return fc.record({ deckId, format: fc.constantFrom('json', 'csv', 'apkg') });
    case 'decks.setOptions': {
      const limit = fc.option(fc.integer({ min: 0, max: 500 }), { nil: null });
      const examDate = fc.option(fc.constantFrom('2027-01-15', '2026-12-01'), { nil: null });
      return fc.record({ deckId, newPerDay: limit, reviewsPerDay: limit, examDate });
    }
    case 'cards.suspend':
      return fc.record({ cardIds, suspended: fc.boolean() });
    case 'cards.reset':
      return fc.record({ cardIds });
    case 'cards.move':
      return fc.record({ cardIds, deckId });
    case 'study.extendNew':
      return fc.record({ deckId, count: fc.integer({ min: 1, max: 9999 }) });
    case 'settings.update':
      return fc.record(
        {
          desiredRetention: fc.double({ min: 0.7, max: 0.99, noNaN: true }),
          maximumIntervalDays: fc.integer({ min: 1, max: 36500 }),
          newPerDay: fc.integer({ min: 0, max: 9999 }),
          reviewsPerDay: fc.integer({ min: 0, max: 99999 }),
          learningSteps: fc.array(fc.constantFrom('30s', '1m', '10m', '1h', '1d'), { maxLength: 10 }),
          relearningSteps: fc.array(fc.constantFrom('10m', '1h'), { maxLength: 10 }),
          rolloverHour: fc.integer({ min: 0, max: 23 }),
          leechThreshold: fc.integer({ min: 1, max: 99 }),
          leechAction: fc.constantFrom('suspend', 'tag'),
          enableFuzz: fc.boolean(),
          theme: fc.constantFrom('system', 'light', 'dark'),
          examDate: fc.option(fc.constantFrom('2026-04-01', '2027-12-31', '1999-01-01')),
          examDeckIds: deckIds,
          fsrsWeights: fc.constant(null),
        },
        { requiredKeys: [] },
      );
    case 'presets.list':
    case 'simulator.status':
    case 'stats.parameters':
    case 'exam.scope':
    case 'practice.overview':
      return none;
    case 'practice.start':
      return fc.oneof(fc.record({ size: fc.integer({ min: 1, max: 30 }) }), fc.record({ retakeOf: fc.integer({ min: 1, max: 5 }) }));
    case 'practice.finish':
      return fc.record({
        examId: fc.integer({ min: 1, max: 5 }),
        answers: fc.array(fc.record({ position: fc.integer({ min: 0, max: 30 }), chosen: fc.array(fc.nat(6), { maxLength: 4 }), marked: fc.boolean() }), { maxLength: 8 }),
      });
    case 'practice.result':
      return fc.record({ examId: fc.integer({ min: 1, max: 5 }) });
    case 'presets.create':
      return fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), copyOf: fc.constant(null) });
    case 'presets.update':
      return fc.record({ id: fc.integer({ min: 1, max: 3 }), name: fc.string({ minLength: 1, maxLength: 20 }), config: fc.constant(presetConfigOf(defaultSettings)) });
    case 'presets.delete':
      return fc.record({ id: fc.integer({ min: 1, max: 3 }) });
    case 'decks.setPreset':
      return fc.record({ deckId, presetId: fc.constant(null) });
    case 'simulator.start':
      return fc.record({
        days: fc.integer({ min: 1, max: 20 }),
        retentions: fc.tuple(fc.double({ min: 0.7, max: 0.99, noNaN: true }), fc.double({ min: 0.7, max: 0.99, noNaN: true })),
        newPerDay: fc.integer({ min: 0, max: 50 }),
        reviewsPerDay: fc.integer({ min: 0, max: 500 }),
        deckIds,
      });
    case 'cards.bury':
    case 'cards.info':
      return fc.record({ cardId });
    case 'cards.flag':
      return fc.record({ cardId, flag: fc.integer({ min: 0, max: 4 }) });
    case 'cards.setDue':
      return fc.record({ cardIds, days: fc.integer({ min: 0, max: 400 }) });
    case 'cards.previewShift':
    case 'cards.shift':
      return fc.record(
        {
          kind: fc.constantFrom('postpone', 'advance'),
          scope: fc.oneof(fc.record({ deckId }), fc.record({ query: fc.constantFrom('is:review', 'deck:iaas-ec2', 'prop:r<0.9', '') })),
          days: fc.integer({ min: 0, max: 365 }),
          count: fc.integer({ min: 0, max: 50 }),
        },
        { requiredKeys: ['kind', 'scope', 'days'] },
      );
    case 'exam.plan':
      return fc.record(
        { examDate: fc.constantFrom('2026-04-01', '2026-03-20', '1999-01-01'), deckIds, newPerDay: fc.integer({ min: 0, max: 50 }) },
        { requiredKeys: [] },
      );
    case 'stats.get':
      return fc.record({
        scope: fc.record({ deckId, serviceType: fc.constantFrom(...serviceTypes) }, { requiredKeys: [] }),
        period: fc.constantFrom(...statsPeriods),
        range: fc.constantFrom(undefined, { from: '2026-01-01', to: '2026-02-01' }, { from: '2026-03-01', to: '2099-01-01' }),
      });
    case 'import.preview':
    case 'import.run':
    case 'import.start':
      return file;
    case 'cards.search':
      return fc.record(
        {
          query: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('owner:aws', 'prop:r<0.9 or (tag:x -is:new)', '((', 'deck:*', 'rated:7:1')),
          deckId,
          offset: fc.integer({ min: 0, max: 10_000_000 }),
          limit: fc.integer({ min: 1, max: 1000 }),
        },
        { requiredKeys: ['query'] },
      );
    case 'cards.editor':
      return fc.record({ cardId });
    case 'cards.preview':
    case 'cards.add':
    case 'cards.update': {
      const textArb = fc.string({ maxLength: 200 });
      const note = fc.oneof(
        fc.record({ type: fc.constantFrom('basic', 'basic-reversed'), front: textArb, back: textArb }),
        fc.record({ type: fc.constant('cloze'), text: fc.oneof(textArb, fc.constant('{{c1::x}} {{c2::y::hint}}')), extra: textArb }),
        fc.record({ type: fc.constant('responsibility'), situation: textArb, owner: fc.constantFrom(...owners), service: textArb, explanation: textArb }),
        fc.record({ type: fc.constant('choice'), question: textArb, options: fc.array(textArb, { maxLength: 6 }), answer: fc.array(fc.nat(49), { maxLength: 6 }), explanation: textArb }),
      );
      if (method === 'cards.preview') return fc.record({ note });
      const input = { deckId, note, tags: fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }) };
      return method === 'cards.add' ? fc.record(input) : fc.record({ ...input, cardId });
    }
    case 'cards.bulk':
      return fc.record(
        {
          action: fc.constantFrom('suspend', 'unsuspend', 'move', 'tag', 'untag', 'reset', 'delete', 'flag', 'due'),
          cardIds,
          deckId,
          tags: fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }),
          flag: fc.integer({ min: 0, max: 4 }),
          days: fc.integer({ min: 0, max: 400 }),
        },
        { requiredKeys: ['action', 'cardIds'] },
      );
    case 'cards.undoEdit':
      return fc.record({ batchId: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] });
    case 'cards.replacePreview':
    case 'cards.replace':
      return fc.record(
        {
          cardIds,
          query: fc.constantFrom('', 'ec2', 'deck:*', '(('),
          find: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('(a+)+$', '(', '\\b\\w+', '(?=x)', 'x*')),
          replacement: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('$1', '$', '\\')),
          regex: fc.boolean(),
          matchCase: fc.boolean(),
          fields: fc.subarray(['front', 'back', 'text', 'extra', 'situation', 'service', 'explanation', 'question', 'options'] as const, { minLength: 1 }),
        },
        { requiredKeys: ['find', 'replacement', 'regex', 'matchCase', 'fields'] },
      );
    case 'cards.duplicates':
      return fc.record({ query: fc.constantFrom('', 'ec2', '(('), field: fc.constantFrom('front', 'situation', 'question', 'options') });
    case 'cards.lastEdit':
      return fc.constant({});
    case 'decks.create':
      return fc.record({ title: fc.string({ minLength: 1, maxLength: 200 }) });
  }
}

// ---------------------------------------------------------------- mutations of valid calls

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function cloneWith(value: unknown, path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  if (path.length === 0) return copy;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path.at(-1)!);
  return copy;
}

type Mutation = 'replace' | 'remove' | 'extraKey' | 'wrapInArray' | 'asJsonText';

/** A valid call with one thing wrong: a value replaced, a key removed or added, the whole thing wrapped. */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.oneof(nasty, junk), fc.constantFrom<Mutation>('replace', 'replace', 'remove', 'extraKey', 'wrapInArray', 'asJsonText'), keyArb)
    .map(([args, pick, bad, mutation, key]) => {
      const base = args ?? {};
      const paths = pathsOf(base);
      const at = paths[pick % paths.length]!;
      switch (mutation) {
        case 'replace':
          return at.length === 0 ? bad : cloneWith(base, at, (parent, k) => (parent[k] = bad));
        case 'remove':
          return cloneWith(base, at, (parent, k) => delete parent[k]);
        case 'extraKey': {
          const objects = paths.filter((p) => {
            const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], base);
            return v !== null && typeof v === 'object' && !Array.isArray(v);
          });
          const target = objects[pick % Math.max(1, objects.length)] ?? [];
          const copy = structuredClone(base) as Record<string, unknown>;
          const parent = target.reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, copy);
          // defineProperty: an own "__proto__" key, exactly as JSON.parse delivers it.
          Object.defineProperty(parent, key, { value: bad, enumerable: true, configurable: true, writable: true });
          return copy;
        }
        case 'wrapInArray':
          return [base];
        case 'asJsonText':
          return JSON.stringify(base);
      }
    });
}

function argsFor(method: ApiMethodName, ids: Ids): fc.Arbitrary<unknown> {
  const valid = validArgs(method, ids);
  return fc.oneof(
    { arbitrary: junk, weight: 3 },
    { arbitrary: nasty, weight: 2 },
    { arbitrary: mutated(valid), weight: 4 },
    { arbitrary: valid, weight: 2 },
  );
}

// ---------------------------------------------------------------- the checks

interface Harness {
  collection: Collection;
  dispatcher: Dispatcher;
  ids: Ids;
  /** The collection's contents as last seen, re-hashed only after something was written. */
  fingerprint(): string;
}

function harness(): Harness {
  const { collection } = openTestCollection();
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'fuzz', transport: 'http' }));
  const ids: Ids = {
    cards: databaseOf(collection).prepare('SELECT id FROM cards ORDER BY id').pluck().all() as number[],
    decks: databaseOf(collection).prepare('SELECT id FROM decks ORDER BY id').pluck().all() as string[],
  };
  // total_changes() counts every row any completed INSERT/UPDATE/DELETE wrote on this connection,
  // rolled back or not: while it stands still nothing was written (handlers run no DDL), so the
  // slower full checksum (about 3 ms) is taken only after a write.
  const totalChanges = databaseOf(collection).prepare('SELECT total_changes()').pluck();
  let known = { changes: totalChanges.get() as number, sum: checksum(databaseOf(collection)) };
  return {
    collection,
    dispatcher,
    ids,
    fingerprint() {
      const changes = totalChanges.get() as number;
      if (changes !== known.changes) known = { changes, sum: checksum(databaseOf(collection)) };
      return known.sum;
    },
  };
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();

function expectCleanPrototypes(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(prototypeKeys);
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
}

/** Every reply is an envelope both transports can carry; a failure is typed, and never INTERNAL. */
function expectEnvelope(reply: Envelope<unknown>, context: string): void {
  expect(typeof reply, context).toBe('object');
  expect(() => JSON.stringify(reply), context).not.toThrow();
  if (reply.ok) {
    expect('value' in reply, context).toBe(true);
    return;
  }
  expect(reply.ok, context).toBe(false);
  expect(knownCodes.has(reply.error.code), `${context}: unknown code ${reply.error.code}`).toBe(true);
  expect(reply.error.code, `${context}: ${reply.error.message}`).not.toBe(ErrorCode.internal);
  expect(typeof reply.error.message).toBe('string');
  expect(reply.error.message.length, context).toBeGreaterThan(0);
}

/** For failure messages: JSON, but showing what JSON would hide (undefined keys, bigints). */
function describeArgs(args: unknown): string {
  try {
    const text = JSON.stringify(args, (_key, value: unknown) => (value === undefined ? '<undefined>' : typeof value === 'bigint' ? `${value}n` : value));
    return (text ?? String(args)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(args);
  }
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

async function expectNothingUnhandled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled).toEqual([]);
}

describe(`API fuzzing through the dispatcher (${runsPerMethod} calls per method)`, () => {
  it.each([...apiMethodNames])('%s: every call returns a typed envelope; rejected calls change nothing', async (method) => {
    const h = harness();
    try {
      const outcomes = { ok: 0, rejected: 0 };
      await fc.assert(
        fc.asyncProperty(argsFor(method, h.ids), async (args) => {
          const before = h.fingerprint();
          const reply = await h.dispatcher.dispatch(method, args);
          const context = `${method}(${describeArgs(args)})`;
          expectEnvelope(reply, context);
          expectCleanPrototypes();
          if (reply.ok) {
            outcomes.ok++;
            // A successful optimizer start runs in the background: stop it so that it cannot write later.
            if (method === 'optimizer.start') await h.dispatcher.dispatch('optimizer.cancel', {});
          } else {
            outcomes.rejected++;
            expect(h.fingerprint(), `${context} was rejected (${reply.error.code}) but changed the database`).toBe(before);
          }
        }),
        { seed: seedOf(method), numRuns: runsPerMethod },
      );
      expect(outcomes.rejected).toBeGreaterThan(0);
      // The cached fingerprint agrees with a fresh full checksum at the end.
      expect(h.fingerprint()).toBe(checksum(databaseOf(h.collection)));
      await expectNothingUnhandled();
    } finally {
      h.collection.close();
    }
  }, timeoutMs);

  it('rejects every unknown method name, whatever the argument', async () => {
    const h = harness();
    const before = h.fingerprint();
    const names = fc.oneof(
      fc.string({ maxLength: 40 }),
      junk,
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'TODAY.GET', 'today.get ', ' today.get', 'today.get\0', 'today', 'study.answer.x', ''),
      fc.constantFrom(...apiMethodNames).map((m) => `${m}/`),
    );
    try {
      await fc.assert(
        fc.asyncProperty(names.filter((n) => !(apiMethodNames as readonly unknown[]).includes(n)), junk, async (name, args) => {
          const reply = await h.dispatcher.dispatch(name, args);
          expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.unknownMethod } });
          expect(reply.ok ? '' : reply.error.message.length).toBeLessThan(200);
          expectCleanPrototypes();
        }),
        { seed: seedOf('unknown-method'), numRuns: runsPerMethod },
      );
      expect(h.fingerprint()).toBe(before);
      await expectNothingUnhandled();
    } finally {
      h.collection.close();
    }
  });

  it('survives 100 000-deep nesting and an import just over the size limit without a crash', async () => {
    const h = harness();
    const before = h.fingerprint();
    try {
      for (const asArray of [true, false]) {
        const deepArgs = nested(100_000, 'leaf', asArray);
        for (const method of apiMethodNames) {
          const reply = await h.dispatcher.dispatch(method, deepArgs);
          expect(reply, method).toMatchObject({ ok: false, error: { code: ErrorCode.invalidArgument } });
        }
      }
      const overLimit = 'A'.repeat(Math.ceil((64 * 1024 * 1024 * 4) / 3) + 8);
      // Refused by its length before any decoding (no timing here: speed is the benchmarks' business).
      const reply = await h.dispatcher.dispatch('import.run', { fileName: 'big.csv', dataBase64: overLimit });
      expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.invalidArgument, message: expect.stringContaining('larger than imports allow') } });
      expect(h.fingerprint()).toBe(before);
    } finally {
      h.collection.close();
    }
  });

  it('never lets a "__proto__" key from JSON reach a prototype, or a setting', async () => {
    const h = harness();
    try {
      const settingsBefore = JSON.stringify(h.collection.settings);
      for (const text of [
        '{"__proto__": {"newPerDay": 9999, "polluted": true}}',
        '{"newPerDay": 5, "__proto__": {"polluted": true}}',
        '{"constructor": {"prototype": {"polluted": true}}}',
      ]) {
        const reply = await h.dispatcher.dispatch('settings.update', JSON.parse(text));
        expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.invalidArgument } });
        expectCleanPrototypes();
      }
      expect(JSON.stringify(h.collection.settings)).toBe(settingsBefore);
    } finally {
      h.collection.close();
    }
  });

  it('treats a setting given as undefined (IPC keeps such keys) as unchanged, not as INTERNAL', async () => {
    // Found by this fuzzer: the undefined value was stored as NULL and hit the NOT NULL constraint.
    const h = harness();
    try {
      const reply = await h.dispatcher.dispatch('settings.update', { newPerDay: 7, examDate: undefined, learningSteps: undefined });
      expect(reply).toMatchObject({ ok: true, value: { newPerDay: 7, examDate: null, learningSteps: ['1m', '10m'] } });
      expect(h.collection.settings.learningSteps).toEqual(['1m', '10m']);
    } finally {
      h.collection.close();
    }
  });
});

/** A raw POST as an admitted page makes it (with its session cookie): the method's path goes out byte for byte (fetch would normalise it). */
function post(server: WebServer, cookie: string, rawPath: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: rawPath,
        method: 'POST',
        headers: { Host: `127.0.0.1:${server.port}`, 'Content-Type': 'application/json', Cookie: cookie },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('API fuzzing through the web transport (with the session cookie, as the admitted page has it)', () => {
  it('answers every method path and body with an envelope, and keeps serving', async () => {
    const h = harness();
    const rendererDir = tempDir('demarc-fuzz-web-');
    const server = await startWebServer({ dispatcher: h.dispatcher, rendererDir });
    const admitted = await fetch(server.admissionUrl(), { redirect: 'manual' });
    const cookie = admitted.headers.get('set-cookie')!.split(';')[0]!;
    const pathChars = fc.constantFrom(...'abcdeiotuy.%%%%09AFaf/_~-'.split(''));
    const methodPath = fc.oneof(
      fc.constantFrom(...apiMethodNames),
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
      fc.string({ unit: pathChars, maxLength: 20 }),
      fc.constantFrom('%E0%A4%A', '%', '%%', '%zz', '%00', '%2e%2e/%2e%2e', 'today.get%00', '__proto__', '%5F_proto__'),
    );
    const body = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 200 }), fc.constantFrom('', '{"__proto__":{"polluted":true}}', '[', 'null', '1e999'));
    try {
      await fc.assert(
        fc.asyncProperty(methodPath, body, async (method, text) => {
          const before = h.fingerprint();
          const reply = await post(server, cookie, `/api/${method}`, text);
          const context = `POST /api/${method} ${text.slice(0, 80)}`;
          // A path that normalises out of /api/ (`/api/%2e%2e/x`) is a plain 404/405 for the static server.
          expect([200, 400, 404, 405], context).toContain(reply.status);
          if (reply.status >= 404) return;
          const envelope = JSON.parse(reply.body) as Envelope<unknown>;
          expectEnvelope(envelope, context);
          expectCleanPrototypes();
          if (!envelope.ok) expect(h.fingerprint(), context).toBe(before);
        }),
        { seed: seedOf('web-transport'), numRuns: runsPerMethod },
      );
      // Still alive and serving after all of it.
      expect((await post(server, cookie, '/api/app.info', '{}')).status).toBe(200);
      await expectNothingUnhandled();
    } finally {
      await server.close();
      h.collection.close();
      fs.rmSync(rendererDir, { recursive: true, force: true });
    }
  }, timeoutMs);
});
