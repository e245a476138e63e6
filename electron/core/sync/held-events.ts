import type Database from 'better-sqlite3';
import type { WriteConnection } from '../db/collection-door.js';
import { contentFieldOf } from './card-content-events.js';
import { decodeHlc, futureMarginMs } from './hybrid-clock.js';
import { cached } from '../db/statement-cache.js';
import { fieldKey, type ContentEvent, type SyncEvent } from './sync-event.js';

/*
 * Events from the future. An edit stamped (or an answer dated) more than
 * `futureMarginMs` ahead of this machine's clock is not merged yet: it is
 * kept aside (pending = 2, in sync_events or sync_content_events) and merged
 * as if it had just arrived once this clock reaches it. So a machine whose
 * clock runs hours fast, or a forged stamp in the year 2100, can never win
 * over edits made meanwhile here, nor drag this clock (and every later stamp
 * made here) ahead with it. All devices still end with the same winner: an
 * event held here is merged here later under the same rule as everywhere.
 */

/** One device's events waiting for their time, as the status names them. */
export interface HeldBack {
  device: string;
  events: number;
  /** How far the furthest of them is ahead of this clock. */
  aheadMs: number;
}

/** Per device, at most this many events wait: more from one device is a flood, refused and counted. */
export const maxHeldPerDevice = 10_000;

const heldUntilKey = 'heldUntil';
const held = 2;

/** When an event happened by its own account: an answer's time, an edit's stamp; an undo has none (it is never held). */
export function eventTime(e: SyncEvent): number | null {
  if (e.type === 'answer') return e.at;
  if (e.type === 'undo') return null;
  return decodeHlc(e.hlc)?.ms ?? null;
}

export interface HoldOutcome {
  /** What merges now: the incoming events whose time has come, and held ones whose time came since. */
  ready: SyncEvent[];
  held: number;
  /** Over `maxHeldPerDevice`: dropped. */
  refused: number;
}

/** Sorts a batch into what merges now and what waits, releasing what waited long enough; in the caller's transaction. */
export function holdFutureEvents(db: WriteConnection, events: readonly SyncEvent[], now: number): HoldOutcome {
  const horizon = now + futureMarginMs;
  const outcome: HoldOutcome = { ready: releaseDue(db, horizon), held: 0, refused: 0 };
  let counts: Map<string, number> | null = null;
  let earliest = Number(cached(db, 'SELECT value FROM sync_state WHERE key = ?').pluck().get(heldUntilKey) ?? Number.POSITIVE_INFINITY);
  for (const e of events) {
    const t = eventTime(e);
    if (t === null || t <= horizon) {
      outcome.ready.push(e);
      continue;
    }
    counts ??= heldCounts(db);
    const count = counts.get(e.device) ?? 0;
    if (count >= maxHeldPerDevice) {
      outcome.refused += 1;
      continue;
    }
    if (store(db, e) === 0) continue;
    counts.set(e.device, count + 1);
    outcome.held += 1;
    earliest = Math.min(earliest, t);
  }
  if (outcome.held > 0) cached(db, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(heldUntilKey, String(earliest));
  return outcome;
}

/** The devices whose events wait for their time, for the status line. */
export function heldBack(db: Database.Database, now: number): HeldBack[] {
  if (cached(db, 'SELECT value FROM sync_state WHERE key = ?').pluck().get(heldUntilKey) === undefined) return [];
  const byDevice = new Map<string, HeldBack>();
  for (const e of heldEvents(db)) {
    const t = eventTime(e.event) ?? now;
    const entry = byDevice.get(e.event.device) ?? { device: e.event.device, events: 0, aheadMs: 0 };
    entry.events += 1;
    entry.aheadMs = Math.max(entry.aheadMs, t - now);
    byDevice.set(entry.device, entry);
  }
  return [...byDevice.values()];
}

function releaseDue(db: WriteConnection, horizon: number): SyncEvent[] {
  const until = cached<string>(db, 'SELECT value FROM sync_state WHERE key = ?').pluck().get(heldUntilKey);
  if (until === undefined || Number(until) > horizon) return [];
  const released: SyncEvent[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  for (const h of heldEvents(db)) {
    const t = eventTime(h.event) ?? horizon;
    if (t > horizon) {
      earliest = Math.min(earliest, t);
      continue;
    }
    cached(db, `DELETE FROM ${h.table} WHERE id = ? AND pending = ${held}`).run(h.event.id);
    released.push(h.event);
  }
  if (earliest === Number.POSITIVE_INFINITY) cached(db, 'DELETE FROM sync_state WHERE key = ?').run(heldUntilKey);
  else cached(db, 'UPDATE sync_state SET value = ? WHERE key = ?').run(String(earliest), heldUntilKey);
  return released;
}

function heldEvents(db: Database.Database): { table: 'sync_events' | 'sync_content_events'; event: SyncEvent }[] {
  const out: { table: 'sync_events' | 'sync_content_events'; event: SyncEvent }[] = [];
  for (const table of ['sync_events', 'sync_content_events'] as const) {
    for (const body of cached<string>(db, `SELECT body FROM ${table} WHERE pending = ${held}`).pluck().all()) out.push({ table, event: JSON.parse(body) as SyncEvent });
  }
  return out;
}

function heldCounts(db: Database.Database): Map<string, number> {
  const counts = new Map<string, number>();
  for (const table of ['sync_events', 'sync_content_events']) {
    for (const row of cached<{ device: string; n: number }>(db, `SELECT device, count(*) AS n FROM ${table} WHERE pending = ${held} GROUP BY device`).all()) {
      counts.set(row.device, (counts.get(row.device) ?? 0) + row.n);
    }
  }
  return counts;
}

/** Keeps an event aside; 0 when it is known here already (held before, or merged). */
function store(db: WriteConnection, e: SyncEvent): number {
  const body = JSON.stringify(e);
  if (e.type === 'card' || e.type === 'deck' || e.type === 'note') {
    const c: ContentEvent = e;
    return cached(db, `INSERT OR IGNORE INTO sync_content_events (id, device, type, hlc, field, pending, body) VALUES (?, ?, ?, ?, ?, ${held}, ?)`)
      .run(c.id, c.device, c.type, c.hlc, contentFieldOf(c), body).changes;
  }
  const insert = cached(db, `INSERT OR IGNORE INTO sync_events (id, device, type, hlc, field, answer_id, card_deck, card_key, pending, body)
    VALUES (@id, @device, @type, @hlc, @field, NULL, @deck, @key, ${held}, @body)`);
  if (e.type === 'answer') return insert.run({ id: e.id, device: e.device, type: 'answer', hlc: null, field: null, deck: e.card.deck, key: e.card.key, body }).changes;
  if (e.type === 'set') return insert.run({ id: e.id, device: e.device, type: 'set', hlc: e.hlc, field: fieldKey(e.field), deck: null, key: null, body }).changes;
  return 0;
}
