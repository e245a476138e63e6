import type { PracticeItem } from '../../../../electron/api/wire-types';

/** What the learner has done with each item during an exam, by position. */
export interface ExamProgress {
  /** File indexes chosen, per position. */
  chosen: Map<number, number[]>;
  marked: Set<number>;
}

export function emptyProgress(): ExamProgress {
  return { chosen: new Map(), marked: new Set() };
}

/** Choosing option `index` (a file index): a single-answer item takes it alone; a multiple-response item flips it. */
export function choose(progress: ExamProgress, item: PracticeItem, index: number): ExamProgress {
  const current = progress.chosen.get(item.position) ?? [];
  const next = item.choose === 1 ? [index] : current.includes(index) ? current.filter((i) => i !== index) : [...current, index];
  const chosen = new Map(progress.chosen);
  if (next.length) chosen.set(item.position, next);
  else chosen.delete(item.position);
  return { chosen, marked: progress.marked };
}

export function toggleMark(progress: ExamProgress, position: number): ExamProgress {
  const marked = new Set(progress.marked);
  if (marked.has(position)) marked.delete(position);
  else marked.add(position);
  return { chosen: progress.chosen, marked };
}

export function isAnswered(progress: ExamProgress, position: number): boolean {
  return (progress.chosen.get(position)?.length ?? 0) > 0;
}

/** The navigator button's accessible name: its number and state. */
export function navigatorLabel(progress: ExamProgress, position: number, current: number): string {
  const parts = [`Question ${position + 1}`, isAnswered(progress, position) ? 'answered' : 'not answered'];
  if (progress.marked.has(position)) parts.push('marked for review');
  if (position === current) parts.push('current');
  return parts.join(', ');
}

/** What finishing now would leave: unanswered and marked items, as a sentence (empty when there is nothing to say). */
export function finishWarning(progress: ExamProgress, items: readonly PracticeItem[]): string {
  const unanswered = items.filter((i) => !isAnswered(progress, i.position)).length;
  const marked = progress.marked.size;
  const parts: string[] = [];
  if (unanswered) parts.push(`${unanswered} ${unanswered === 1 ? 'question is' : 'questions are'} not answered (${unanswered === 1 ? 'it counts' : 'they count'} as wrong)`);
  if (marked) parts.push(`${marked} ${marked === 1 ? 'question is' : 'questions are'} marked for review`);
  return parts.length ? `${parts.join(' and ')}.` : '';
}

/** The answers as the back end takes them: every item, answered or not. */
export function answersOf(progress: ExamProgress, items: readonly PracticeItem[]) {
  return items.map((i) => ({ position: i.position, chosen: progress.chosen.get(i.position) ?? [], marked: progress.marked.has(i.position) }));
}

/** "13:42", or "1:02:03" past an hour; never negative. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** The warnings a screen reader hears as time runs down: at 10, 5 and 1 minutes left. */
export const timeWarningsMs = [10 * 60_000, 5 * 60_000, 60_000] as const;

/** What the keyboard does during an exam; null for a key the exam leaves alone. */
export type ExamKey = { kind: 'option'; shown: number } | { kind: 'next' } | { kind: 'previous' } | { kind: 'mark' } | { kind: 'finish' };

export function examKey(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ExamKey | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (/^[1-9]$/.test(event.key)) return { kind: 'option', shown: Number(event.key) - 1 };
  switch (event.key.toLowerCase()) {
    case 'n':
      return { kind: 'next' };
    case 'p':
      return { kind: 'previous' };
    case 'm':
      return { kind: 'mark' };
    case 'f':
      return { kind: 'finish' };
    default:
      return null;
  }
}

/** "the prediction was 6 points low", "… right on" : how the predicted score compares with the actual one. */
export function predictionGap(predicted: number, actual: number): string {
  const points = Math.round((predicted - actual) * 100);
  if (points === 0) return 'the prediction was right on';
  return `the prediction was ${Math.abs(points)} ${Math.abs(points) === 1 ? 'point' : 'points'} ${points > 0 ? 'high' : 'low'}`;
}
