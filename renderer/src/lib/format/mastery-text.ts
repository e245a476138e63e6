import type { MasteryHorizon } from '../../../../electron/api/wire-types';

/** When "known" is measured, as a phrase that completes "predicted recall …": "on exam day (2027-03-15)" or "30 days from now (2027-01-05)". */
export function horizonText(h: MasteryHorizon): string {
  if (h.kind === 'exam') return h.daysAhead === 0 ? `on exam day (today, ${h.date})` : `on exam day (${h.date})`;
  return `${h.daysAhead} days from now (${h.date})`;
}

/** The short form for a column heading: "by exam day" or "in 30 days". */
export function horizonShort(h: MasteryHorizon): string {
  return h.kind === 'exam' ? 'by exam day' : `in ${h.daysAhead} days`;
}

/** The one sentence every screen that shows mastery uses to say what it means. */
export function knownMeaning(h: MasteryHorizon): string {
  return `Known = the recall Demarc predicts ${horizonText(h)} with no more study; cards you have not seen count as not known, and a card you got wrong today counts as not known until you answer it right.`;
}

export const percent = (x: number): string => `${Math.round(x * 100)}%`;
