// Answers arriving through the sync folder are checked by a validator that
// Ajv compiles from the zod schema; every other event by zod itself. The two
// must agree on every input, hostile ones included: this mutates valid
// answers field by field (wrong types, out-of-range numbers, long or empty
// strings, extra and missing keys, nesting) and compares the verdicts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validEvent } from '../../electron/core/sync/answer-event-check.js';
import { answerEventSchema, undoEventSchema } from '../../electron/core/sync/sync-event.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { latestInstant } from '../../electron/core/domain/value-rules.js';

const runs = fuzzRuns(2000);
/** Fixed, as every property's (tests/helpers/fuzz-runs.ts): a failure replays. */
const seed = 20_261_208;

const validAnswer = fc.record({
  type: fc.constant('answer'),
  id: fc.string({ minLength: 1, maxLength: 30 }),
  device: fc.stringMatching(/^[0-9a-f]{16}$/),
  card: fc.record({ deck: fc.string({ minLength: 1, maxLength: 20 }), key: fc.string({ minLength: 1, maxLength: 20 }) }),
  at: fc.integer({ min: 0, max: latestInstant }),
  day: fc.integer({ min: 0, max: 40_000 }),
  rating: fc.integer({ min: 1, max: 4 }),
  stateBefore: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom('learning', 'review', 'relearning', 'cram', 'manual'),
  scheduledDays: fc.integer({ min: 0, max: 36_500 }),
  elapsedDays: fc.integer({ min: 0, max: 36_500 }),
  durationMs: fc.integer({ min: 0, max: 3_600_000 }),
  stability: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
  difficulty: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
  pickedOwner: fc.constantFrom('aws', 'customer', 'shared', null),
  correct: fc.constantFrom(true, false, null),
});

const hostileValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0.5, -1, 5, 9, 1e15, -1e15, 1e16, 2 ** 53, -0, latestInstant + 1, 3_600_001),
  fc.string({ maxLength: 5 }),
  fc.constantFrom('', 'x'.repeat(501), 'answer', 'undo', '0123456789ABCDEF', '0123456789abcde'),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  fc.record({ deck: fc.string({ maxLength: 3 }), key: fc.string({ maxLength: 3 }) }),
);

const mutated = fc.tuple(validAnswer, fc.array(fc.tuple(fc.string({ maxLength: 12 }), hostileValue, fc.boolean()), { maxLength: 3 })).map(([answer, edits]) => {
  const item: Record<string, unknown> = { ...answer, card: { ...answer.card } };
  const keys = Object.keys(item);
  for (const [name, value, existing] of edits) {
    const key = existing ? keys[name.length % keys.length]! : name;
    if (value === undefined) delete item[key];
    else item[key] = value;
  }
  // The answer type is kept, so the compiled check is the one under test.
  item.type = 'answer';
  return item;
});

const validUndo = fc.record({
  type: fc.constant('undo'),
  id: fc.string({ minLength: 1, maxLength: 30 }),
  device: fc.stringMatching(/^[0-9a-f]{16}$/),
  answer: fc.string({ minLength: 1, maxLength: 30 }),
  card: fc.record({ deck: fc.string({ minLength: 1, maxLength: 20 }), key: fc.string({ minLength: 1, maxLength: 20 }) }),
});

const mutatedUndo = fc.tuple(validUndo, fc.array(fc.tuple(fc.string({ maxLength: 12 }), hostileValue, fc.boolean()), { maxLength: 3 })).map(([undo, edits]) => {
  const item: Record<string, unknown> = { ...undo, card: { ...undo.card } };
  const keys = Object.keys(item);
  for (const [name, value, existing] of edits) {
    const key = existing ? keys[name.length % keys.length]! : name;
    if (value === undefined) delete item[key];
    else item[key] = value;
  }
  item.type = 'undo';
  return item;
});

describe('the compiled undo check', () => {
  it('agrees with the zod schema on valid and mutated undos', () => {
    fc.assert(
      fc.property(fc.oneof(validUndo, mutatedUndo), (item) => {
        expect(validEvent(JSON.parse(JSON.stringify(item)) as unknown) !== null).toBe(undoEventSchema.safeParse(JSON.parse(JSON.stringify(item))).success);
      }),
      { seed, numRuns: runs },
    );
  });
});

describe('the compiled answer check', () => {
  it('agrees with the zod schema on valid and mutated answers', () => {
    fc.assert(
      fc.property(fc.oneof(validAnswer, mutated), (item) => {
        expect(validEvent(JSON.parse(JSON.stringify(item)) as unknown) !== null).toBe(answerEventSchema.safeParse(JSON.parse(JSON.stringify(item))).success);
      }),
      { seed, numRuns: runs },
    );
  });

  it('accepts a valid answer and refuses one with an extra key, a bad device or a fractional rating', () => {
    const ok = fc.sample(validAnswer, { seed, numRuns: 1 })[0]!;
    expect(validEvent(ok)).not.toBeNull();
    expect(validEvent({ ...ok, extra: 1 })).toBeNull();
    expect(validEvent({ ...ok, device: 'ABCDEF0123456789' })).toBeNull();
    expect(validEvent({ ...ok, rating: 2.5 })).toBeNull();
    expect(validEvent({ ...ok, card: { ...ok.card, extra: 1 } })).toBeNull();
  });
});
