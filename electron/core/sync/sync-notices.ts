import type { HeldBack } from './held-events.js';
import { isNotTheirs, type UnreadableFile } from './unreadable-files.js';
import type { MendedFile } from './file-repair.js';
import { maxClozeNumber } from '../cards/note-types.js';
import { eventsPerRound } from './round-bounds.js';

/** Valid events a device may not make, counted and never applied. */
export interface Refusals {
  /** Naming another device than the one whose key signed their file. */
  foreign: number;
  /** Undoing another device's answer (or an answer of another card). */
  notTheirs: number;
  /** Past a bound on what one device may have waiting (events from the future, undos of answers not here). */
  flood: number;
  /** Notes and cards past what the editor makes (cloze numbers past c200). */
  tooLarge: number;
}

/** One thing the status line says after a round that needs the learner's attention, with what to do. */
export interface SyncNotice {
  message: string;
  action: string;
}

export interface NoticeInputs {
  unreadable: readonly UnreadableFile[];
  heldBack: readonly HeldBack[];
  refused: Refusals;
  mended: readonly MendedFile[];
  filesLeft: number;
  /** Files with events that are no valid change (a shape or a value Demarc does not write): skipped, the rest of the file applied. */
  invalid?: readonly { file: string; events: number }[];
}

/**
 * The status line's notices, worded once for Settings → Sync and `demarc
 * sync`: files that could not be read, devices whose clocks run ahead, and
 * changes refused for a bound.
 */
export function syncNotices(r: NoticeInputs): SyncNotice[] {
  const notices: SyncNotice[] = [];
  if (r.filesLeft > 0) {
    notices.push({
      message: `${plural(r.filesLeft, 'change file')} left for the next sync: one sync reads at most ${(eventsPerRound / 1e6).toLocaleString('en')} million changes.`,
      action: 'Nothing to do: the app syncs again at once (from the command line, run sync again).',
    });
  }
  for (const h of r.heldBack) {
    notices.push({
      message: `Device ${h.device} has ${plural(h.events, 'change')} stamped ${duration(h.aheadMs)} ahead of this machine's clock; ${h.events === 1 ? 'it waits' : 'they wait'} until this clock gets there.`,
      action: "Check the date and time on that machine (or on this one, if it runs slow); nothing is lost meanwhile.",
    });
  }
  if (r.refused.foreign > 0) {
    notices.push({
      message: `Refused ${plural(r.refused.foreign, 'change')} that claimed to come from another device than the one that signed them.`,
      action: 'Nothing here changed. If you do not know where they came from, check what else can write into the sync folder.',
    });
  }
  if (r.refused.notTheirs > 0) {
    notices.push({
      message: `Refused ${plural(r.refused.notTheirs, 'undo', 'undos')} of answers that the undoing device did not give.`,
      action: 'Nothing here changed: an answer can be undone only on the device that gave it.',
    });
  }
  if (r.refused.flood > 0) {
    notices.push({
      message: `Refused ${plural(r.refused.flood, 'change')} from a device that already had more waiting here than anyone makes (changes from the future, undos of answers that never came).`,
      action: 'Check the date and time on your other machines; a device that keeps doing this may be damaged.',
    });
  }
  if (r.refused.tooLarge > 0) {
    notices.push({
      message: `Refused ${plural(r.refused.tooLarge, 'note or card', 'notes and cards')} larger than Demarc makes (a cloze note has at most ${maxClozeNumber} cards, c1 to c${maxClozeNumber}).`,
      action: 'Nothing here changed. On the device that made it, split the note into smaller ones.',
    });
  }
  for (const f of r.invalid ?? []) {
    notices.push({
      message: `Skipped ${plural(f.events, 'change')} in ${f.file} that ${f.events === 1 ? 'is' : 'are'} not valid (a shape or a value Demarc does not write); the rest of the file was applied.`,
      action: 'Nothing here changed for them. If that device runs another version of Demarc, update both; if not, check what else can write into the sync folder.',
    });
  }
  for (const m of r.mended) {
    const who = m.reportedBy.map((x) => `device ${x.device} (${x.reason})`).join(', ');
    notices.push({
      message: `${who.charAt(0).toUpperCase()}${who.slice(1)} could not read this device's file ${m.name}: its changes were written again as ${m.writtenAs.join(', ')}.`,
      action: 'Nothing to do: the other devices read the new file on their next sync.',
    });
  }
  for (const f of r.unreadable) {
    notices.push({ message: `Could not read ${f.file}: ${f.reason}.`, action: actionFor(f) });
  }
  return notices;
}

function actionFor(f: UnreadableFile): string {
  if (/not followed|special file/.test(f.reason)) return 'Remove it from the sync folder: Demarc never reads it.';
  if (isNotTheirs(f)) {
    return `Nothing already here is lost. If device ${f.device} wrote a file by this name, it writes its own changes again under a new name on its next sync; remove this file from the sync folder.`;
  }
  if (f.repairable) {
    return `Nothing to do: device ${f.device} learns of it and writes these changes again under a new name on its next sync. If this stays, sync on that device.`;
  }
  return 'Nothing already here is lost. Sync on the device that wrote it; if this stays, remove the file from the sync folder.';
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : words}`;
}

/** "about 5 hours", "12 minutes", "3 days", "80 years". */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `about ${hours} hours`;
  const days = Math.round(ms / 86_400_000);
  if (days < 730) return `about ${days} days`;
  return `about ${Math.round(days / 365.25).toLocaleString('en')} years`;
}
