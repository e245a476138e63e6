import { z } from 'zod';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { dateOfDay, dayStart, studyDay } from '../domain/day-clock.js';
import { reviewKinds, type CardKind, type Owner, type ReviewKind } from '../domain/types.js';
import { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import { loadSettings } from '../settings/settings-store.js';
import { withBulkReviewLog } from './bulk-log-mode.js';
import { withBulkCardInserts } from '../cards/bulk-card-inserts.js';
import type { WriteConnection } from '../db/collection-door.js';
import { HistoryWriter } from './history-writer.js';
import { Fsrs6Step } from './fsrs6-step.js';
import { runSimulation, type SimulationCard, type SimulationRules } from './review-simulation.js';
import { SeededRandom } from '../domain/seeded-random.js';
import { simulatedCards, simulatedDecks, type SimulatedCardSpec } from './simulated-catalogue.js';
import { SimulatedLearner, type LearnerCardTraits } from './simulated-learner.js';
import { cramSizer, planWorkload, skippedDays } from './workload-plan.js';

export const historyOptionsSchema = z
  .object({
    seed: z.number().int(),
    cards: z.number().int().min(1).max(2_000_000),
    /** Target number of review_log rows; the result lands within a few percent. */
    reviews: z.number().int().min(0).max(50_000_000),
    days: z.number().int().min(1).max(3650),
    /** The history ends at this time (ms); default now. */
    endAt: z.number().int().optional(),
    /** Number of decks (default 10, one per built-in service type). */
    decks: z.number().int().min(1).max(200).optional(),
    /** FSRS-6 weights of the simulated learner's real memory; the scheduler keeps the collection's parameters. */
    weights: z.array(z.number().finite()).length(21).optional(),
  })
  .strict();

export type HistoryOptions = z.input<typeof historyOptionsSchema>;

export interface HistorySummary {
  decks: number;
  cards: number;
  /** Cards studied at least once; the rest are still new. */
  introducedCards: number;
  reviews: number;
  byKind: Record<ReviewKind, number>;
  firstDay: string;
  lastDay: string;
  days: number;
  elapsedMs: number;
}

/** Cards simulated to measure how many answers a card gets over its life, before planning the real run. */
const calibrationSample = 1500;
const medianMsByKind: Record<CardKind, number> = { responsibility: 6000, basic: 8000, choice: 12000 };

/**
 * Writes a reproducible, realistic collection into an open Demarc database:
 * simulated decks and cards, and a learner who studied them for `days` study
 * days ending at `endAt`, answering as FSRS predicts they remember. The same
 * options give the same database content. Everything is written in one
 * transaction; the daily aggregates are rebuilt from the log at the end.
 */
export function generateHistory(db: WriteConnection, input: HistoryOptions): HistorySummary {
  const parsed = historyOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DemarcError(ErrorCode.invalidArgument, `simulate: ${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
  }
  const options = parsed.data;
  const started = performance.now();
  const settings = loadSettings(db);
  const endAt = options.endAt ?? Date.now();
  const lastDay = studyDay(endAt, settings.rolloverHour);
  const firstDay = lastDay - options.days + 1;
  const startAt = dayStart(firstDay, settings.rolloverHour);

  const decks = simulatedDecks(options.decks ?? 10);
  const specs = simulatedCards(decks, options.cards, SeededRandom.stream(options.seed, 'catalogue'));
  const writer = new HistoryWriter(db);
  const clash = writer.existingDeckIds(decks.map((d) => d.id));
  if (clash.length > 0) {
    throw new DemarcError(ErrorCode.conflict, `The collection already has simulated decks (${clash.slice(0, 3).join(', ')}); use a fresh file.`);
  }

  const scheduler = new Fsrs6Step(new FsrsScheduler(settings).engine.parameters);
  const skipped = skippedDays(options.days, SeededRandom.stream(options.seed, 'skipped'));
  const rulesFor = (purpose: string): SimulationRules => ({
    scheduler,
    learner: new SimulatedLearner(options.weights, SeededRandom.stream(options.seed, `${purpose}-learner`)),
    rng: SeededRandom.stream(options.seed, purpose),
    rolloverHour: settings.rolloverHour,
    leechThreshold: settings.leechThreshold,
    leechAction: settings.leechAction,
  });

  // 1. How many answers does a card get in its first k days? Simulate a sample to find out.
  const traitsRng = SeededRandom.stream(options.seed, 'traits');
  const sampleRng = SeededRandom.stream(options.seed, 'calibration-sample');
  const sample = Array.from({ length: calibrationSample }, (_, i) => simulationCard(-1 - i, specs[sampleRng.int(specs.length)] as SimulatedCardSpec, sampleRng));
  const perDay = new Array<number>(options.days).fill(0);
  runSimulation(
    { firstDay, days: options.days, endAt, introductions: [sample.length], introOrder: sample, cramSize: () => 0, skipped },
    rulesFor('calibration'),
    (r) => {
      perDay[r.day - firstDay]! += 1;
    },
  );
  const dailyCurve = perDay.map((n) => n / sample.length);

  // 2. Plan the introductions and cram sessions, then run the real learner over the real cards.
  const plan = planWorkload({ cards: options.cards, reviews: options.reviews, days: options.days }, dailyCurve, SeededRandom.stream(options.seed, 'plan'));
  const slot = writer.nextCardSlot();
  const cards = specs.map((spec, i) => simulationCard(slot.id + i, spec, traitsRng));
  const introOrder = SeededRandom.stream(options.seed, 'intro-order').shuffle([...cards]);
  const byKind = Object.fromEntries(reviewKinds.map((k) => [k, 0])) as Record<ReviewKind, number>;

  // A page cache that grows with the load (64 MiB to 1 GiB, about a quarter KiB a review) for the index builds and
  // aggregate rebuilds at the end: with 64 MiB a million reviews re-read 6.4 GB of pages through the OS (0.2 GB at 512 MiB).
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${Math.min(1_048_576, Math.max(65_536, Math.round(options.reviews / 4)))}`);
  try {
    db.transaction(() =>
      withBulkReviewLog(db, () => {
        writer.decks(decks, startAt);
        // Cards go in (and get their final state) with their indexes and per-row triggers set aside, rebuilt set-wise afterwards.
        withBulkCardInserts(db, () => {
          specs.forEach((spec, i) => writer.card(slot.id + i, (decks[spec.deckIndex] as { id: string }).id, spec, slot.position + i, startAt));
          writer.flush();
          runSimulation(
            { firstDay, days: options.days, endAt, introductions: plan.introductions, introOrder, cramSize: cramSizer(plan, options.reviews), skipped },
            rulesFor('history'),
            (r) => {
              writer.review(r);
              byKind[r.kind]++;
            },
          );
          writer.flush();
          cards.forEach((card, i) => writer.finalState(card, (specs[i] as SimulatedCardSpec).tags));
        });
      }),
    ).immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }

  return {
    decks: decks.length,
    cards: cards.length,
    introducedCards: cards.filter((c) => c.fsrs !== null).length,
    reviews: reviewKinds.reduce((sum, k) => sum + byKind[k], 0),
    byKind,
    firstDay: dateOfDay(firstDay),
    lastDay: dateOfDay(lastDay),
    days: options.days,
    elapsedMs: Math.round(performance.now() - started),
  };
}

const otherOwners: Record<Owner, Owner[]> = { aws: ['shared', 'customer'], customer: ['shared', 'aws'], shared: ['customer', 'aws'] };

function simulationCard(id: number, spec: SimulatedCardSpec, rng: SeededRandom): SimulationCard {
  const traits: LearnerCardTraits = {
    hardness: rng.next(),
    owner: spec.owner,
    // Shared is the usual confusion: most wrong picks go there (or away from there).
    confusedWith: spec.owner ? ((rng.chance(0.7) ? otherOwners[spec.owner][0] : otherOwners[spec.owner][1]) as Owner) : null,
  };
  return { id, traits, medianMs: medianMsByKind[spec.kind], fsrs: null, dueAt: 0, lastReviewDay: null, memory: null, suspended: false, leech: false };
}
