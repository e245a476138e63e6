import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { answerEventId } from '../../electron/core/sync/local-changes.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { FileSyncSimulator } from './file-sync-simulator.js';
import { Adversary, adversaryValues } from './sync-adversary.js';
import { syncedView } from './sync-compare.js';
import { TestClock } from './test-collection.js';
import { databaseOf } from './collection-database.js';
import { presetConfigOf } from '../../electron/core/presets/preset-schema.js';

/** A collection at the latest schema with the simulator's deck, copied for every device (migrating each one would dominate the run). */
export function writeTemplateCollection(file: string, decksDir: string): void {
  Collection.open({ file, builtinDecksDir: decksDir }).close();
}

/** A tiny deck for simulated devices: four cards, so histories grow long quickly. */
export function writeSimulatorDeck(decksDir: string): void {
  fs.mkdirSync(decksDir, { recursive: true });
  fs.writeFileSync(
    path.join(decksDir, 'sim.json'),
    JSON.stringify({
      format: 'demarc-deck/1',
      id: 'sim',
      title: 'Simulated deck',
      serviceType: 'core',
      description: 'Four cards for the sync simulator.',
      cards: ['a', 'b', 'c', 'd'].map((k) => ({ id: `card-${k}`, kind: 'basic', front: `Front ${k}`, back: `Back ${k}`, source: 'sim.txt' })),
    }),
  );
}

interface Device {
  c: Collection;
  clock: TestClock;
  skew: number;
  undoable: string[];
}

/** DEMARC_SYNC_COPIES set: some schedules copy a device's collection file to another machine (off by default; sync-simulator.test.ts says why). */
export function syncCopiesOn(): boolean {
  return Boolean(process.env.DEMARC_SYNC_COPIES);
}

/**
 * One random schedule: devices answer, undo, suspend and change settings while
 * the simulated engine moves files badly and clocks jump, and an adversary
 * (sync-adversary.ts) writes forged, replayed, far-future and damaged files
 * into the folder; then everything is delivered and every honest device
 * syncs, and the honest devices must agree exactly, with none of the
 * adversary's values taken. The adversary draws from a stream of its own, so
 * the honest devices' actions in schedule n are the same with it or without.
 */
export function runSchedule(
  seed: number,
  root: string,
  decksDir: string,
  template: string,
): { answers: number; undone: number; contentEdits: number; scheduleEdits: { cardTools: number; presets: number; deckDeletions: number }; copies: number; renewals: number; stats: FileSyncSimulator['stats']; adversary: Adversary['stats'] } {
  const rng = SeededRandom.stream(seed, 'sync-schedule');
  const base = new Date(2026, 2, 4, 10).getTime();
  let now = base;
  const deviceCount = 2 + rng.int(2);
  const dir = path.join(root, `s${seed}`);
  // With DEMARC_SYNC_COPIES set, in some schedules a device's collection file is copied to one more machine
  // partway (a stream of its own, so the other schedules draw as before): two installations then write under one
  // id until one of them notices. Off by default (sync-simulator.test.ts says why).
  const copyRng = SeededRandom.stream(seed, 'sync-copy');
  const copy = syncCopiesOn() && copyRng.chance(0.3) ? { of: copyRng.int(deviceCount), atStep: copyRng.int(15) } : null;
  const folderCount = deviceCount + (copy ? 1 : 0);
  const engine = new FileSyncSimulator(Array.from({ length: folderCount }, (_, i) => path.join(dir, `folder-${i}`)), rng);
  const devices: Device[] = Array.from({ length: deviceCount }, (_, i) => {
    // Clocks up to three hours apart, never equal.
    const skew = (rng.int(6 * 3600) - 3 * 3600) * 1000 + i;
    const clock = new TestClock(now + skew);
    const file = path.join(dir, `device-${i}.sqlite`);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(template, file);
    return { c: Collection.open({ file, builtinDecksDir: decksDir, now: clock.now }), clock, skew, undoable: [] };
  });
  const adversaryRng = SeededRandom.stream(seed, 'sync-adversary');
  const adversary = new Adversary(adversaryRng, engine.folders);
  const trace: string[] = [];
  const acknowledged = new Set<string>();
  const undone = new Set<string>();
  let contentEdits = 0;
  /** Each answer's card (by its stable source and key) and the card's deck when it was answered. */
  const cardOfAnswer = new Map<string, { sourceDeckId: string; key: string; deckId: string }>();
  const scheduleEdits = { cardTools: 0, presets: 0, deckDeletions: 0 };
  let renewals = 0;
  const sync = (d: Device, i: number) => {
    const r = runSyncRound(d.c, engine.folders[i]!);
    if (r.renewedDevice) renewals += 1;
    trace.push(`${i} sync ${r.device} wrote ${r.wrote.events} added ${r.added} undos ${r.undosApplied} replayed ${r.replayedCards}${r.renewedDevice ? ' renewed' : ''}${r.notices.map((n) => ` | ${n.message}`).join('')}`);
    d.undoable.splice(0, d.undoable.length - d.c.undoDepth);
  };
  try {
    const steps = 15 + rng.int(30);
    for (let step = 0; step < steps; step++) {
      if (copy && step === copy.atStep) {
        const file = path.join(dir, `device-${deviceCount}.sqlite`);
        // Copied just after a sync: the copy starts with the original's id and key, and nothing unsent. (A copy
        // holding answers not yet sent is not simulated: both would send the same answer as their own, and an undo
        // of it on one side reaches the devices that took it from that side only.)
        sync(devices[copy.of]!, copy.of);
        const source = databaseOf(devices[copy.of]!.c);
        expect(source.prepare('SELECT count(*) FROM review_log WHERE event_id IS NULL').pluck().get()).toBe(0);
        source.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
        const skew = (copyRng.int(6 * 3600) - 3 * 3600) * 1000 + deviceCount;
        const clock = new TestClock(now + skew);
        devices.push({ c: Collection.open({ file, builtinDecksDir: decksDir, now: clock.now }), clock, skew, undoable: [] });
        trace.push(`${deviceCount} copied from ${copy.of}`);
      }
      const i = rng.int(devices.length);
      const d = devices[i]!;
      const action = rng.weighted([6, 1, 1, 1, 1, 3, 4, 2, 1, 2, 1, 1]);
      if (action === 0) {
        const cards = d.c.study().cards;
        if (cards.length > 0) {
          const card = rng.pick(cards);
          const grade = (1 + rng.int(4)) as 1 | 2 | 3 | 4;
          const durationMs = 1000 + rng.int(9000);
          d.c.answer({ cardId: card.id, grade, durationMs });
          const r = d.c.cardRecord(card.id);
          const id = answerEventId(r.source_deck_id, r.key, d.clock.now(), grade);
          // Answering takes time: no device answers twice in the same millisecond.
          now += durationMs;
          for (const dev of devices) dev.clock.value = now + dev.skew;
          acknowledged.add(id);
          cardOfAnswer.set(id, { sourceDeckId: r.source_deck_id, key: r.key, deckId: r.deck_id });
          trace.push(`${i} answer ${r.key} ${grade} ${id}`);
          d.undoable.push(id);
          if (d.undoable.length > d.c.undoDepth) d.undoable.shift();
        }
      } else if (action === 1) {
        if (d.c.undo()) {
          undone.add(d.undoable.pop()!);
          trace.push(`${i} undo`);
        }
      } else if (action === 2) {
        const id = databaseOf(d.c).prepare('SELECT id FROM cards ORDER BY random() LIMIT 1').pluck().get() as number;
        d.c.cards.setSuspended([id], rng.chance(0.5));
      } else if (action === 3) {
        const settings = { desiredRetention: rng.pick([0.85, 0.9, 0.95]), enableFuzz: rng.chance(0.7) };
        d.c.updateSettings(settings);
        trace.push(`${i} settings ${JSON.stringify(settings)}`);
      } else if (action === 4) {
        const newPerDay = rng.int(5);
        const examDate = rng.chance(0.3) ? localDate(d.clock.now() + 30 * 86_400_000) : null;
        d.c.setDeckOptions('sim', { newPerDay, reviewsPerDay: null, examDate });
        trace.push(`${i} deck options of sim, exam date ${examDate ?? 'none'}`);
      } else if (action === 5) {
        sync(d, i);
      } else if (action === 8) {
        // A card of one's own: written, or one of them edited (the same card on two devices now and then).
        const mine = databaseOf(d.c).prepare("SELECT id FROM cards WHERE source_deck_id = 'authored' AND retired = 0 ORDER BY id").pluck().all() as number[];
        const note = { type: 'basic' as const, front: `Front ${i}-${step}`, back: `Back ${rng.int(3)}` };
        if (mine.length === 0 || rng.chance(0.4)) d.c.authoring.add({ deckId: 'sim', note, tags: [] }, d.clock.now());
        else d.c.authoring.update(rng.pick(mine), { deckId: 'sim', note, tags: rng.chance(0.5) ? ['edited'] : [] }, d.clock.now());
        trace.push(`${i} card content`);
        contentEdits += 1;
        d.undoable.splice(0, d.undoable.length - d.c.undoDepth);
      } else if (action === 9) {
        // The learner's hand on one card: bury, flag, set due date or reset (some of them undone later in review).
        const id = databaseOf(d.c).prepare('SELECT id FROM cards WHERE retired = 0 ORDER BY random() LIMIT 1').pluck().get() as number | undefined;
        if (id !== undefined) {
          const tool = rng.int(4);
          if (tool === 0) d.c.bury(id);
          else if (tool === 1) d.c.setFlag(id, rng.int(5));
          else if (tool === 2 && d.c.cardRecord(id).state !== 0) d.c.setDue([id], rng.int(10));
          else if (tool === 3) d.c.bulkAction({ action: 'reset', cardIds: [id] });
          trace.push(`${i} card tool ${tool} on ${d.c.cardRecord(id).key}`);
          scheduleEdits.cardTools += 1;
          d.undoable.splice(0, d.undoable.length - d.c.undoDepth);
        }
      } else if (action === 10) {
        // Presets: made, changed (rescheduling or not), given to the deck, deleted.
        const mine = d.c.presets.list(d.c.settings).filter((p) => p.id !== null);
        const op = mine.length === 0 ? 0 : rng.int(4);
        const config = { ...presetConfigOf(d.c.settings), maximumIntervalDays: 1 + rng.int(30), desiredRetention: rng.pick([0.8, 0.9, 0.95]) };
        if (op === 0) d.c.presets.create(`Preset ${i}-${step}`, config);
        else if (op === 1) {
          d.c.changeSchedule(null, rng.chance(0.5), () => {
            const target = rng.pick(mine);
            const named = rng.pick(mine);
            // Another preset's name is refused (a name names one preset), and the preset is changed under its own.
            if (named.id !== target.id) expect(() => d.c.presets.update(target.id!, named.name, config)).toThrow(/already exists/);
            d.c.presets.update(target.id!, target.name, config);
          });
        }
        else if (op === 2) d.c.changeSchedule(['sim'], rng.chance(0.5), () => d.c.presets.assign('sim', rng.chance(0.3) ? null : rng.pick(mine).id));
        else d.c.changeSchedule(null, false, () => d.c.presets.delete(rng.pick(mine).id!));
        d.c.presetsChanged();
        trace.push(`${i} preset op ${op}`);
        scheduleEdits.presets += 1;
        d.undoable.splice(0, d.undoable.length - d.c.undoDepth);
      } else if (action === 11) {
        // A deck of one's own: made with a card, or one deleted (with its cards and their answers, on every device).
        const own = databaseOf(d.c).prepare("SELECT id FROM decks WHERE origin <> 'builtin' ORDER BY id").pluck().all() as string[];
        if (own.length === 0 || rng.chance(0.6)) {
          const deckId = d.c.authoring.createDeck(`Extra ${i}-${step}`, d.clock.now());
          d.c.authoring.add({ deckId, note: { type: 'basic', front: `Extra front ${i}-${step}`, back: 'Back' }, tags: [] }, d.clock.now());
          trace.push(`${i} deck made ${deckId}`);
        } else {
          const deckId = rng.pick(own);
          d.c.cards.deleteDeck(deckId);
          trace.push(`${i} deck deleted ${deckId}`);
          scheduleEdits.deckDeletions += 1;
        }
        d.undoable.splice(0, d.undoable.length - d.c.undoDepth);
      } else if (action === 6) {
        engine.deliver(1 + rng.int(4));
      } else {
        // Time passes: seconds to days, and now and then months (a device back after a long time).
        const jump = rng.chance(0.05) ? (60 + rng.int(120)) * 86_400_000 : rng.chance(0.5) ? rng.int(600_000) : rng.int(3 * 86_400_000);
        now += jump;
        for (const dev of devices) dev.clock.value = now + dev.skew;
      }
      if (adversaryRng.chance(0.2)) trace.push(`adversary: ${adversary.act(devices.map((dev) => dev.c), now)}`);
      engine.observe();
    }
    // A stamp ahead of a device's clock waits there until that clock reaches it: once every
    // device has stamped what it has, let every clock pass every other's (the skews are within
    // three hours either way: six hours apart at most) before the devices must agree.
    devices.forEach(sync);
    now += 6 * 3_600_000 + 10 * 60_000;
    for (const dev of devices) dev.clock.value = now + dev.skew;
    for (let round = 0; round < 3; round++) {
      devices.forEach(sync);
      engine.settle();
    }
    devices.forEach(sync);

    const views = devices.map((d) => syncedView(d.c));
    for (const v of views.slice(1)) expect(v).toEqual(views[0]);
    const ids = (views[0]!.log as { event_id: string }[]).map((r) => r.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    // Answers of cards deleted with their deck went with them, on every device; a card moved out of its deck
    // before the deck was deleted (an edit of one's own card puts it in another deck) keeps its answers.
    const decks = new Set(databaseOf(devices[0]!.c).prepare('SELECT id FROM decks').pluck().all() as string[]);
    const cardHere = databaseOf(devices[0]!.c).prepare('SELECT 1 FROM cards WHERE source_deck_id = ? AND key = ?').pluck();
    const kept = (id: string) => {
      const card = cardOfAnswer.get(id)!;
      const here = cardHere.get(card.sourceDeckId, card.key) !== undefined;
      // A card is only ever gone with a deleted deck, the one it was answered in (cards move only into 'sim', never deleted).
      if (!here) expect(decks.has(card.deckId), `the card of ${id} is gone while its deck ${card.deckId} is not`).toBe(false);
      return here;
    };
    const expected = [...acknowledged].filter((id) => !undone.has(id) && kept(id)).sort();
    expect([...ids].sort()).toEqual(expected);
    // Nothing the adversary tried took: no forged undo (the log above), no value of its own.
    const settings = views[0]!.settings as { key: string; value: string }[];
    expect(settings.find((r) => r.key === 'desiredRetention')?.value).not.toBe(JSON.stringify(adversaryValues.desiredRetention));
    expect((views[0]!.decks as { new_per_day: number | null }[]).map((d) => d.new_per_day)).not.toContain(adversaryValues.newPerDay);
    return { answers: acknowledged.size, undone: undone.size, contentEdits, scheduleEdits, copies: copy ? 1 : 0, renewals, stats: engine.stats, adversary: adversary.stats };
  } catch (error) {
    if (process.env.DEMARC_SYNC_TRACE) console.log(trace.join('\n'));
    throw error;
  } finally {
    for (const d of devices) d.c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}


function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
