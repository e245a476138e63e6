import type { CardContent, GradeValue, Owner } from '../../../../electron/core/domain/types';

/** Whether a pick is right: the owner for responsibility cards, the exact set of options for choice cards. */
export function isCorrectPick(content: CardContent, owner: Owner | null, selected: number[]): boolean {
  if (content.kind === 'responsibility') return owner === content.owner;
  if (content.kind === 'choice') {
    const a = [...content.answer].sort();
    const b = [...selected].sort();
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return true;
}

/**
 * A wrong pick can only be graded Again. A right one is confirmed Hard, Good
 * or Easy (Good by default); Again stays open for an honest lucky guess.
 * A flipped card gets all four.
 */
export function allowedGrades(content: CardContent, correct: boolean): GradeValue[] {
  if (content.kind === 'basic' || correct) return [1, 2, 3, 4];
  return [1];
}
