import fs from 'node:fs';
import path from 'node:path';
import { makeDeviceKey, type DeviceKey } from '../../electron/core/sync/device-keys.js';
import { changeFileName, encodeChangeFile } from '../../electron/core/sync/change-file.js';

/**
 * Another device as the sync folder sees it, writing whatever it likes: change
 * files with a correct length and SHA-256 header (so they reach validation
 * and the merge), or any bytes under a change file's name.
 */
export class HostileDevice {
  private seq: number;
  /** Its own key, as a real device has one (`key` may be set to another device's to forge). */
  key: DeviceKey = makeDeviceKey();

  /** `firstSeq`: the number its first file's name carries (names are read in order, lowest first). */
  constructor(
    readonly folder: string,
    readonly id: string,
    firstSeq = 1,
  ) {
    this.seq = firstSeq - 1;
    fs.mkdirSync(this.dir, { recursive: true });
  }

  get dir(): string {
    return path.join(this.folder, this.id);
  }

  /** A well-formed change file holding these events (objects, or raw JSON text); returns its path. */
  write(events: readonly unknown[]): string {
    this.seq += 1;
    const bodies = events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
    const file = path.join(this.dir, changeFileName(this.seq, 'feedf00d'.slice(0, 8 - String(this.seq).length) + String(this.seq)));
    fs.writeFileSync(file, encodeChangeFile(this.id, this.seq, bodies, this.key));
    return file;
  }

  /** The next change file's name in this device's folder, for files made by hand (links, special files). */
  nextName(): string {
    this.seq += 1;
    return changeFileName(this.seq, 'c0ffee00');
  }
}

/** A `set` event of one travelling setting, stamped `ms` (a hybrid logical clock stamp of this device). */
export function setEvent(device: string, ms: number, field: unknown[], value: unknown, counter = 0): Record<string, unknown> {
  const hlc = `${String(ms).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${device}`;
  return { type: 'set', id: `s:${hlc}`, device, hlc, field, value };
}

/** A value nested `depth` arrays deep. */
export function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
