import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardContent, GradeValue, Owner } from '../domain/types.js';

/**
 * What the learner did before grading, as the review screen reports it: the
 * owner picked on a responsibility card, the options chosen on a choice card
 * (as indices into the card file's `options`, whatever order they were shown
 * in), or that a flipped card's answer was revealed.
 */
export interface LearnerAction {
  pickedOwner?: Owner | undefined;
  chosenOptions?: number[] | undefined;
  revealed?: boolean | undefined;
}

/** The back end's verdict on an action: right or wrong (null when the card has no right answer to pick), and the grades it allows. */
export interface Verdict {
  correct: boolean | null;
  allowedGrades: GradeValue[];
}

const allGrades: GradeValue[] = [1, 2, 3, 4];

/** Whether a pick is right: the owner for responsibility cards, the exact set of options for choice cards. */
export function isCorrectPick(content: CardContent, owner: Owner | null, selected: readonly number[]): boolean {
  if (content.kind === 'responsibility') return owner === content.owner;
  if (content.kind === 'choice') {
    const a = new Set(content.answer);
    const b = new Set(selected);
    return a.size === b.size && [...a].every((v) => b.has(v));
  }
  return true;
}

/**
 * A wrong pick can only be graded Again. A right one is confirmed Hard, Good
 * or Easy (Good by default); Again stays open for an honest lucky guess.
 * A flipped card gets all four.
 */
export function allowedGrades(content: CardContent, correct: boolean): GradeValue[] {
  if (content.kind === 'basic' || correct) return allGrades;
  return [1];
}

/**
 * Judges an action against the card. `requirePick`: an answer given in a
 * session is a learner's, who always picks (or reveals) before grading; a
 * scripted caller (simulation, CLI) may grade without one and gets no verdict.
 */
export function verdictOf(content: CardContent, action: LearnerAction, requirePick = true): Verdict {
  switch (content.kind) {
    case 'responsibility': {
      if (action.chosenOptions !== undefined) throw refused('A responsibility card is answered by picking AWS, Customer or Shared.');
      if (action.pickedOwner === undefined) {
        if (requirePick) throw refused('Pick AWS, Customer or Shared before grading this card.');
        return { correct: null, allowedGrades: allGrades };
      }
      const correct = isCorrectPick(content, action.pickedOwner, []);
      return { correct, allowedGrades: allowedGrades(content, correct) };
    }
    case 'choice': {
      if (action.pickedOwner !== undefined) throw refused('A choice card is answered by choosing options, not an owner.');
      const chosen = action.chosenOptions;
      if (chosen === undefined || chosen.length === 0) {
        if (requirePick) throw refused('Choose at least one option before grading this card.');
        return { correct: null, allowedGrades: allGrades };
      }
      if (chosen.some((i) => i >= content.options.length)) throw refused(`This card has ${content.options.length} options; an option it does not have was chosen.`);
      if (content.answer.length === 1 && new Set(chosen).size > 1) throw refused('This card has one right option; choose just one.');
      const correct = isCorrectPick(content, null, chosen);
      return { correct, allowedGrades: allowedGrades(content, correct) };
    }
    case 'basic':
      if (action.pickedOwner !== undefined || action.chosenOptions !== undefined) throw refused('This card is answered by showing the answer, not by picking.');
      if (action.revealed === false || (requirePick && action.revealed !== true)) throw refused('Show the answer before grading this card.');
      return { correct: null, allowedGrades: allGrades };
  }
}

/** Checks a grade against the verdict: after a wrong pick only Again may be given. */
export function checkGrade(verdict: Verdict, grade: GradeValue): void {
  if (!verdict.allowedGrades.includes(grade)) {
    throw refused('After a wrong pick the only grade is Again: the card comes back soon so the right answer sticks.');
  }
}

function refused(message: string): DemarcError {
  return new DemarcError(ErrorCode.invalidArgument, message);
}
