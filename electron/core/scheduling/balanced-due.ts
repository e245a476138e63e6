import { fsrs, generatorParameters, get_fuzz_range } from 'ts-fsrs';
import { msPerDay, studyDay } from '../domain/day-clock.js';
import type { Settings } from '../settings/settings-schema.js';
import type { CardRef, DueCap } from './fsrs-scheduler.js';
import type { MemoryState } from './memory-state.js';
import { balancedDay, balancesLoad, hasEasyDays, weekdayOfStudyDay } from './load-balancer.js';

/** Reviews due per study day in one deck, as planned before `today`: holds every day from..to (inclusive), and may hold others. */
export type DeckLoad = (deckId: string, fromDay: number, toDay: number, today: number) => ReadonlyMap<number, number>;

/**
 * The load balancer and Easy Days as a due-date step of the scheduler: the
 * review goes to the day `balancedDay` picks within ts-fsrs's own fuzz range
 * for the card's interval, at the same time of day. Off when fuzz is off (the
 * learner asked for exact intervals) or when neither feature is in use; an
 * interval past `maxBalancedIntervalDays` is not placed by load (ts-fsrs's
 * fuzz stands, or Easy Days alone pick when they are in use).
 */
export function createBalancer(settings: Settings, deckLoad: DeckLoad | null): DueCap | null {
  const balancing = settings.loadBalancer && deckLoad !== null;
  if (!settings.enableFuzz || (!balancing && !hasEasyDays(settings.easyDays))) return null;
  const plain = fsrs(
    generatorParameters({
      request_retention: settings.desiredRetention,
      maximum_interval: settings.maximumIntervalDays,
      enable_fuzz: false,
      ...(settings.fsrsWeights ? { w: settings.fsrsWeights } : {}),
    }),
  );
  return (due: number, now: number, card: CardRef, memory: MemoryState) => {
    const interval = plain.next_interval(memory.stability, 0);
    const range = get_fuzz_range(interval, 0, settings.maximumIntervalDays);
    if (range.max_ivl <= range.min_ivl) return due;
    const byLoad = balancing && balancesLoad(interval);
    if (!byLoad && !hasEasyDays(settings.easyDays)) return due;
    const today = studyDay(now, settings.rolloverHour);
    const minDay = today + range.min_ivl;
    const maxDay = today + range.max_ivl;
    const loads = byLoad && deckLoad ? deckLoad(card.deckId, minDay, maxDay, today) : null;
    const day = balancedDay({
      cardId: card.id,
      reps: memory.reps,
      minDay,
      maxDay,
      load: loads ? (d) => loads.get(d) ?? 0 : undefined,
      weekday: weekdayOfStudyDay,
      easyDays: settings.easyDays,
    });
    return now + (day - today) * msPerDay;
  };
}

/** Runs due-date steps in order (balancing first, the exam last: the exam has the final word). */
export function chainDueCaps(...caps: (DueCap | null)[]): DueCap | null {
  const steps = caps.filter((c): c is DueCap => c !== null);
  if (steps.length === 0) return null;
  return (due, now, card, memory) => steps.reduce((d, step) => step(d, now, card, memory), due);
}
