/**
 * Spawned (and SIGKILLed at random moments) by crash-safety.test.ts:
 *
 *   node dist/test/restore-burst-child.js FILE SEED   (bundled by the test run)
 *   node --import tsx tests/integration/restore-burst-child.ts FILE SEED
 *
 * Restores `FILE.backup.sqlite` over FILE again and again (each time keeping
 * the current file aside) and prints `ack restore N` after each one. No
 * collection is opened: a restore runs while the app is closed. A process of
 * its own, apart from answer-burst-child.ts, because it loads only the
 * restore: about a quarter of the CPU of loading the whole back end, and
 * every kill starts one.
 */
import fs from 'node:fs';
import { restoreBackup } from '../../electron/core/backup/restore-backup.js';
import { writeLine } from '../helpers/pipe-lines.js';

const [file] = process.argv.slice(2);
if (!file) {
  fs.writeSync(2, 'usage: restore-burst-child.ts FILE SEED\n');
  process.exit(2);
}

writeLine('ready restore');
for (let n = 1; ; n++) {
  restoreBackup(file, `${file}.backup.sqlite`, Date.now());
  writeLine(`ack restore ${n}`);
}
