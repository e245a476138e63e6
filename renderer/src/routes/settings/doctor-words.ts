import type { ApiResult } from '../../../../electron/api/wire-types';

type DoctorReport = NonNullable<ApiResult<'doctor.status'>['result']>;

/**
 * What "Check the collection" says, in the learner's words: the back end
 * names its steps by what SQLite checks (`checking review_log`, `checking
 * the whole file`…); the screen says what that part of the collection is.
 */
const partNames: [RegExp, string][] = [
  [/^cards$/, 'your cards'],
  [/^review_log$/, 'your review history'],
  [/^decks$/, 'your decks'],
  [/^presets$/, 'your presets'],
  [/^(settings|meta)$/, 'your settings'],
  [/^card_text/, 'the search index'],
  [/^(authored_notes|card_edits|edit_batches)$/, 'your card edits'],
  [/^practice_/, 'your practice exams'],
  [/^sync_/, 'what sync keeps'],
  [/^(daily_|deck_card_|due_load_|exam_readiness)/, 'the running totals Today and Stats read'],
];

/** The step under way, as a sentence ("Checking your review history…"). */
export function doctorStepWords(phase: string): string {
  if (phase === '' || phase === 'starting') return 'Starting the check…';
  if (phase === 'checking the whole file') return 'Checking the file as a whole (free space, pages nothing uses)…';
  if (phase === 'checking references') return 'Checking that every review and card points to a card and deck that exist…';
  if (phase === 'checking card content and memory states') return 'Checking that every card can be read and every studied card has its memory state…';
  const table = /^checking (.+)$/.exec(phase)?.[1];
  if (table !== undefined) return `Checking ${partNames.find(([pattern]) => pattern.test(table))?.[1] ?? `the collection's ${table.replace(/_/g, ' ')} table`}…`;
  return `${phase}…`;
}

export interface DoctorVerdict {
  /** One line: healthy or not. */
  headline: string;
  /** What was checked, with the counts seen. */
  checked: string;
  /** What was found (empty when nothing). */
  found: string[];
  /** What to do. */
  advice: string;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The report as the screen says it. */
export function doctorVerdict(report: DoctorReport): DoctorVerdict {
  // Not the file's size: recent answers may still sit in SQLite's side file (the WAL), and the number would undercount.
  const checked = `Checked every page of the collection: ${plural(report.decks, 'deck', 'decks')}, ${plural(report.cards, 'card', 'cards')} and ${plural(report.reviews, 'review', 'reviews')}, the search index, and the links between them.`;
  if (report.ok) return { headline: 'Your collection is healthy.', checked, found: [], advice: 'Nothing to do.' };
  const damaged = report.problems.some((p) => p.startsWith('integrity:') || / rows point to | cards have unreadable | have no memory state/.test(p));
  return {
    headline: `Found ${plural(report.problems.length, 'problem', 'problems')}.`,
    checked,
    found: report.problems.map((p) => (p.startsWith('integrity: ') ? `The file is damaged: ${p.slice('integrity: '.length)}` : p)),
    advice: damaged
      ? 'Restore the newest backup whose check passed (Backups, above): answers given since it was taken are not in it. Until then, avoid importing or syncing. If the problem comes back, keep a copy of the collection file and report it.'
      : 'Follow what each line says; then run the check again.',
  };
}
