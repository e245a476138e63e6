/**
 * Anki's schema 11 collection (collection.anki2 / collection.anki21), the
 * form Anki writes when asked to support older versions and every Anki
 * since 2.1 reads; written from the table definitions in Anki's
 * rslib/src/storage/schema11.sql. Note types, decks, deck options and
 * collection settings are JSON in the single `col` row.
 */
export const schema11Tables = `
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL, ver integer NOT NULL,
  dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
  tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL, ivl integer NOT NULL,
  lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
`;

/** The collection settings (`col.conf`): Anki's defaults for a new collection, with the v3 scheduler and FSRS on. */
export function collectionConfig(): Record<string, unknown> {
  return {
    activeDecks: [1],
    curDeck: 1,
    newSpread: 0,
    collapseTime: 1200,
    timeLim: 0,
    estTimes: true,
    dueCounts: true,
    curModel: null,
    nextPos: 1,
    sortType: 'noteFld',
    sortBackwards: false,
    addToCur: true,
    dayLearnFirst: false,
    schedVer: 2,
    sched2021: true,
    fsrs: true,
  };
}

/** A deck (`col.decks` entry). */
export function deckJson(id: number, name: string, description: string, mod: number): Record<string, unknown> {
  return {
    id,
    mod,
    name,
    usn: -1,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc: description,
    dyn: 0,
    conf: 1,
    extendNew: 0,
    extendRev: 0,
  };
}

/** The Default deck options (`col.dconf` entry 1) carrying Demarc's scheduling settings. */
export function deckOptionsJson(options: {
  mod: number;
  newPerDay: number;
  reviewsPerDay: number;
  learningSteps: readonly number[];
  relearningSteps: readonly number[];
  maximumIntervalDays: number;
  desiredRetention: number;
  fsrsWeights: readonly number[] | null;
}): Record<string, unknown> {
  return {
    id: 1,
    mod: options.mod,
    name: 'Default',
    usn: -1,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: false, delays: options.learningSteps, initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: options.newPerDay },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: options.maximumIntervalDays, perDay: options.reviewsPerDay, hardFactor: 1.2 },
    lapse: { delays: options.relearningSteps, leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    desiredRetention: options.desiredRetention,
    fsrsParams6: options.fsrsWeights ?? [],
  };
}
