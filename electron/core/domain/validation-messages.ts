import type { z } from 'zod';

/** The names the screens give the fields a learner fills in, so a refusal names what they see. */
const fieldLabels: Record<string, string> = {
  desiredRetention: 'Desired retention',
  maximumIntervalDays: 'Maximum interval',
  newPerDay: 'New cards per day',
  reviewsPerDay: 'Reviews per day',
  learningSteps: 'Learning steps',
  relearningSteps: 'Relearning steps',
  rolloverHour: 'Next day starts at',
  leechThreshold: 'Leech threshold',
  leechAction: 'Leech action',
  examDate: 'Exam date',
  examDeckIds: 'Exam decks',
  theme: 'Theme',
  fileName: 'File name',
  dataBase64: 'File',
  deckName: 'Deck name',
  delimiter: 'Delimiter',
  mapping: 'Column mapping',
  deckId: 'Deck',
  cardIds: 'Cards',
  search: 'Search',
};

function label(key: PropertyKey): string {
  if (typeof key !== 'string') return 'Value';
  return fieldLabels[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

/**
 * A refused argument in the learner's words: the field as the screen names
 * it, then what is wrong ("Learning steps: step 1 is a number and a unit…").
 * No method names, no paths, no schema jargon.
 */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'That request could not be understood.';
  const path = issue.path.filter((p) => typeof p !== 'symbol');
  const field = [...path].reverse().find((p) => typeof p === 'string');
  const index = path.find((p) => typeof p === 'number');
  const what = field === undefined ? 'That request' : label(field);
  const position = typeof index === 'number' ? ` (entry ${index + 1})` : '';
  const message = issue.code === 'unrecognized_keys' ? `${issue.keys.map((k) => label(k)).join(', ')} is not something that can be set here` : issue.message;
  return `${what}${position}: ${message.replace(/\.$/, '')}.`;
}
