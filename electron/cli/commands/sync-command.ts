import path from 'node:path';
import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import { syncFolder, syncNowRecorded } from '../../core/jobs/sync-service.js';
import type { SyncReport } from '../../core/sync/sync-status.js';
import type { CliCommand } from '../cli-command.js';

export const syncCommand: CliCommand<SyncReport> = {
  name: 'sync',
  summary: 'One full sync round through a shared folder: write this device\'s changes, merge the others\'',
  usage: 'sync --folder DIR [--db PATH] [--json]',
  options: { folder: { type: 'string' } },
  run: (ctx) => {
    const collection = ctx.collection();
    const given = ctx.values.folder;
    const folder = typeof given === 'string' && given ? path.resolve(given) : syncFolder(collection);
    if (!folder) throw new DemarcError(ErrorCode.invalidArgument, 'sync needs --folder DIR (or a folder chosen in Settings → Sync).');
    return syncNowRecorded(collection, folder, { onProgress: ctx.progress });
  },
  format: formatSync,
};

export function formatSync(r: SyncReport): string {
  const lines = [
    `Synced with ${r.folder} as device ${r.device} in ${r.durationMs} ms.`,
    `  Wrote ${r.wrote.events} changes in ${r.wrote.files} files; read ${r.read.events} events from ${r.read.files} files.`,
    `  New here: ${r.answersApplied} answers, ${r.undosApplied} undos, ${r.editsApplied} edits, ${r.contentApplied} cards, decks and notes added or changed; ${r.replayedCards} cards rescheduled from their history.`,
    `  Other devices seen: ${r.devicesSeen}.`,
  ];
  if (r.waiting) lines.push(`  ${r.waiting} answers wait for cards this collection does not have yet; they apply once the cards arrive.`);
  if (r.contentWaiting) lines.push(`  ${r.contentWaiting} cards wait for their deck to arrive.`);
  if (r.media.written) lines.push(`  Copied ${r.media.written} media files that cards use.`);
  if (r.media.waiting) lines.push(`  ${r.media.waiting} media files that cards use have not arrived yet (or the media folder is full).`);
  if (r.media.refused) lines.push(`  Refused ${r.media.refused} media files whose bytes do not match their name.`);
  if (r.invalidEvents) lines.push(`  Skipped ${r.invalidEvents} events that are not valid changes.`);
  if (r.incompleteFiles) lines.push(`  ${r.incompleteFiles} files are still being copied by the sync engine; they are read on a later round.`);
  if (r.conflictCopies) lines.push(`  ${r.conflictCopies} conflict copies made by the sync engine were read too (nothing is counted twice).`);
  for (const n of r.notices ?? []) lines.push(`  ${n.message}`, `    What to do: ${n.action}`);
  if (r.compactedFiles) lines.push(`  Compacted ${r.compactedFiles} of this device's change files.`);
  if (r.renewedDevice) lines.push('  Another installation wrote under this device\'s id (a copied collection?), so this one took a new id.');
  return lines.join('\n');
}
