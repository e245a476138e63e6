import fs from 'node:fs';
import path from 'node:path';
import { beforeImportBackup } from '../../core/backup/backup-steps.js';
import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import { parseContextOf, writeParsedImport } from '../../core/importing/import-file.js';
import { parseInWorker } from '../../core/jobs/import-worker-host.js';
import { checkFileSize } from '../../core/importing/import-limits.js';
import type { ImportSummary } from '../../core/importing/import-types.js';
import type { CliCommand } from '../cli-command.js';

export const importCommand: CliCommand<ImportSummary> = {
  name: 'import',
  summary: 'Import a Demarc deck (.json), a CSV/TSV file or an Anki package (.apkg, .colpkg)',
  usage: 'import FILE [--deck NAME] [--no-history] [--db PATH] [--json]',
  options: { deck: { type: 'string' }, 'no-history': { type: 'boolean' } },
  run: async (ctx) => {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length) throw new DemarcError(ErrorCode.invalidArgument, 'import needs exactly one FILE.');
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw new DemarcError(ErrorCode.notFound, `${file}: no such file.`);
    }
    checkFileSize(path.basename(file), size);
    const deckName = typeof ctx.values.deck === 'string' ? ctx.values.deck.trim() : undefined;
    if (deckName === '') throw new DemarcError(ErrorCode.invalidArgument, '--deck needs a name.');
    ctx.progress(`Importing ${file}…`);
    const opened = ctx.collection();
    const collection = opened.importTarget();
    // Read under the same time and memory limits as in the app: a hostile file stops its worker, not the command.
    const options = { deckName, includeHistory: ctx.values['no-history'] === true ? false : undefined };
    const parsed = await parseInWorker(path.basename(file), fs.readFileSync(file), options, parseContextOf(collection)).result;
    // Copied in steps from one read snapshot, as the app's imports are: no write lock is held while it copies,
    // so an app running beside keeps saving its answers (they wait only for the import's own transaction).
    const backup = opened.file === ':memory:' ? null : await beforeImportBackup(opened.file, opened.backupDir, collection.now, () => {});
    // Once handed over, the import owns it (it discards it on failure, keeps it once committed).
    let handedOver = false;
    const handOver = () => {
      handedOver = true;
      return backup;
    };
    try {
      return writeParsedImport({ ...collection, backupBeforeImport: handOver }, parsed);
    } catch (error) {
      if (!handedOver) backup?.discard();
      throw error;
    }
  },
  format: (s) => {
    const lines = [
      `Imported ${s.fileName} (${s.format}) into ${s.decks.map((d) => `"${d.title}" [${d.id}]`).join(', ') || 'no deck'}.`,
      `  added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged}${s.retired ? `, retired ${s.retired}` : ''}, skipped ${s.skipped}`,
    ];
    for (const r of s.skippedReasons) lines.push(`    skipped ${r.count}: ${r.reason}`);
    if (s.reviews) lines.push(`  reviews added: ${s.reviews}`);
    if (s.media) lines.push(`  media files: ${s.media}`);
    for (const w of s.warnings ?? []) lines.push(`  warning: ${w}`);
    if (s.backupFile) lines.push(`  backup before import: ${s.backupFile}`);
    return lines.join('\n');
  },
};
