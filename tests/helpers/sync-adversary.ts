import fs from 'node:fs';
import path from 'node:path';
import type { Collection } from '../../electron/core/collection.js';
import type { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { changeFileName, decodeChangeFile, encodeChangeFile, parseChangeFileName } from '../../electron/core/sync/change-file.js';
import { makeDeviceKey, type DeviceKey } from '../../electron/core/sync/device-keys.js';
import { syncStateValue } from '../../electron/core/sync/sync-store.js';
import { databaseOf } from './collection-database.js';

/** The values an adversary tries to set: none an honest device of the simulator ever sets. */
export const adversaryValues = { desiredRetention: 0.7, newPerDay: 9999 } as const;

const hex16 = (rng: SeededRandom) => Array.from({ length: 16 }, () => rng.int(16).toString(16)).join('');
const stampAt = (ms: number, device: string, counter = 0) => `${String(ms).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${device}`;

/**
 * A device with access to the sync folder that means harm, for the sync
 * property test. Each act writes into one honest device's copy of the folder
 * (the file-sync engine carries it to the others):
 *
 * - forged: undos of honest answers and edits in an honest device's name, in
 *   its own signed files; and, once every honest device has pinned an honest
 *   device's key, a file in that device's folder signed with another key,
 *   sometimes in place of one of that device's files, under its name;
 * - replayed: an honest device's genuine file copied into the adversary's
 *   folder, or into its writer's folder under a new name;
 * - far-future: edits stamped with the largest stamp and in the year 2100,
 *   an answer ten years ahead;
 * - damaged: a file with a flipped byte or cut short, and a byte flipped in
 *   an honest device's file on its way (a mangling sync engine).
 *
 * Every value it tries to set is one no honest device sets (`adversaryValues`),
 * so the test can tell that none of it took.
 */
export class Adversary {
  readonly id: string;
  private readonly key: DeviceKey = makeDeviceKey();
  private seq = 0;
  stats = { forged: 0, replayed: 0, farFuture: 0, damaged: 0 };

  constructor(
    private readonly rng: SeededRandom,
    private readonly folders: readonly string[],
  ) {
    this.id = hex16(rng);
  }

  act(honest: readonly Collection[], now: number): string {
    const folder = this.rng.pick(this.folders);
    const kind = this.rng.int(4);
    if (kind === 0) return this.forge(folder, honest, now);
    if (kind === 1) return this.replay(folder);
    if (kind === 2) return this.farFuture(folder, now);
    return this.damage(folder, now);
  }

  private forge(folder: string, honest: readonly Collection[], now: number): string {
    const answers = honestAnswers(honest);
    const victim = answers.length > 0 ? this.rng.pick(answers) : null;
    const device = victim?.device ?? deviceIdOf(this.rng.pick(honest));
    if (!device) return 'forge: no honest device yet';
    const events: unknown[] = [this.set(device, now, ['setting', 'desiredRetention'], adversaryValues.desiredRetention)];
    if (victim) {
      const undo = { type: 'undo', answer: victim.id, card: { deck: victim.deck, key: victim.key } };
      // In the victim's name, and in its own name (an undo of an answer it never gave).
      events.push({ ...undo, id: `undo:${victim.id}`, device }, { ...undo, id: `undo:${victim.id}`, device: this.id });
    }
    this.stats.forged += 1;
    // In its own folder, signed with its own key: the events name another device.
    this.write(folder, this.id, events, this.key);
    // In the victim's folder, signed with a key that is not the victim's: only once every honest device knows the
    // victim's real key (before that, trust on first use is the limit SECURITY.md states).
    if (honest.every((c) => syncStateValue(databaseOf(c), `pin:${device}`) !== null) && this.rng.chance(0.5)) {
      const file = this.write(folder, device, events.map((e) => ({ ...(e as object), device })), this.key);
      // Half the time in place of one of that device's own files, under its name: a device that cannot read it
      // reports it, and the writer must write its own events again, never the forger's.
      const own = genuineFiles(folder, this.id).filter((f) => f.device === device);
      if (own.length > 0 && this.rng.chance(0.5)) {
        const target = this.rng.pick(own);
        fs.renameSync(file, path.join(folder, device, target.name));
        return `forge in place of ${device}/${target.name}`;
      }
      return `forge in ${device}'s folder`;
    }
    return `forge as ${device}`;
  }

  private replay(folder: string): string {
    const files = genuineFiles(folder, this.id);
    if (files.length === 0) return 'replay: nothing yet';
    const { device, name, bytes } = this.rng.pick(files);
    const intoOwn = this.rng.chance(0.5);
    const dir = path.join(folder, intoOwn ? this.id : device);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, changeFileName(parseChangeFileName(name)!.seq, this.nonce())), bytes);
    this.stats.replayed += 1;
    return `replay ${device}/${name} into ${intoOwn ? 'its own' : "the writer's"} folder`;
  }

  private farFuture(folder: string, now: number): string {
    const largest = 999_999_999_999_999;
    const year2100 = Date.UTC(2100, 0, 1);
    const inTenYears = now + 10 * 365 * 86_400_000;
    this.write(folder, this.id, [
      this.set(this.id, largest, ['setting', 'desiredRetention'], adversaryValues.desiredRetention, 999_999),
      this.set(this.id, year2100, ['deck', 'sim', 'newPerDay'], adversaryValues.newPerDay),
      this.set(this.id, year2100, ['card', 'sim', 'card-a', 'suspended'], true),
      {
        type: 'answer', id: `a:future-${this.seq}`, device: this.id, card: { deck: 'sim', key: 'card-b' }, at: inTenYears, day: Math.floor(inTenYears / 86_400_000),
        rating: 4, stateBefore: 0, kind: 'learning', scheduledDays: 0, elapsedDays: 0, durationMs: 1000, stability: null, difficulty: null, pickedOwner: null, correct: null,
      },
    ], this.key);
    this.stats.farFuture += 1;
    return 'far-future stamps';
  }

  private damage(folder: string, now: number): string {
    this.stats.damaged += 1;
    if (this.rng.chance(0.5)) {
      const file = this.write(folder, this.id, [this.set(this.id, now, ['setting', 'desiredRetention'], adversaryValues.desiredRetention)], this.key);
      const bytes = fs.readFileSync(file);
      const cut = this.rng.chance(0.5);
      // Past the final newline, which a reader may do without (change-file.ts): at least one byte of the body goes.
      if (cut) fs.writeFileSync(file, bytes.subarray(0, bytes.length - 2 - this.rng.int(Math.min(20, bytes.length - 3))));
      else fs.writeFileSync(file, flipLastByteOfBody(bytes));
      return cut ? 'own file cut short' : 'own file flipped';
    }
    const files = genuineFiles(folder, this.id);
    if (files.length === 0) return 'damage: nothing yet';
    const { device, name, bytes } = this.rng.pick(files);
    fs.writeFileSync(path.join(folder, device, name), flipLastByteOfBody(bytes));
    return `flip a byte of ${device}/${name}`;
  }

  private set(device: string, ms: number, field: unknown[], value: unknown, counter = 0): Record<string, unknown> {
    const hlc = stampAt(ms, device, counter);
    return { type: 'set', id: `s:${hlc}:${this.seq}`, device, hlc, field, value };
  }

  private write(folder: string, device: string, events: unknown[], key: DeviceKey): string {
    this.seq += 1;
    const dir = path.join(folder, device);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, changeFileName(900_000 + this.seq, this.nonce()));
    fs.writeFileSync(file, encodeChangeFile(device, 900_000 + this.seq, events.map((e) => JSON.stringify(e)), key));
    return file;
  }

  private nonce(): string {
    return hex16(this.rng).slice(0, 8);
  }
}

/** Answers honest devices gave that travelled (their event ids, cards and devices). */
function honestAnswers(honest: readonly Collection[]): { id: string; deck: string; key: string; device: string }[] {
  const seen = new Map<string, { id: string; deck: string; key: string; device: string }>();
  for (const c of honest) {
    const rows = databaseOf(c)
      .prepare(`SELECT r.event_id AS id, k.source_deck_id AS deck, k.key, r.event_device AS device FROM review_log r JOIN cards k ON k.id = r.card_id
        WHERE r.event_id IS NOT NULL AND r.event_device IS NOT NULL`)
      .all() as { id: string; deck: string; key: string; device: string }[];
    for (const r of rows) seen.set(r.id, r);
  }
  return [...seen.values()];
}

function deviceIdOf(c: Collection): string | null {
  return syncStateValue(databaseOf(c), 'deviceId');
}

/** Whole, genuine change files of honest devices in one copy of the folder. */
function genuineFiles(folder: string, adversary: string): { device: string; name: string; bytes: Buffer }[] {
  const out: { device: string; name: string; bytes: Buffer }[] = [];
  if (!fs.existsSync(folder)) return out;
  for (const device of fs.readdirSync(folder)) {
    if (device === adversary || !/^[0-9a-f]{16}$/.test(device)) continue;
    for (const name of fs.readdirSync(path.join(folder, device))) {
      if (!parseChangeFileName(name)) continue;
      const bytes = fs.readFileSync(path.join(folder, device, name));
      if (decodeChangeFile(bytes).status === 'whole') out.push({ device, name, bytes });
    }
  }
  return out;
}

/** The same length, one byte of the events changed: the checksum no longer matches. */
function flipLastByteOfBody(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.length - 3;
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}
