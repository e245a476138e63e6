import type { OpeningStatus } from '../../../../electron/api/wire-types';

/** What the first screen says while the collection opens, in the learner's words. */
export interface OpeningWords {
  headline: string;
  /** The bar's accessible name. */
  bar: string;
  /** The step under way. */
  step: string;
}

const backupSteps: Record<string, string> = {
  starting: 'Starting the backup…',
  checking: 'Checking your collection before copying it…',
  copying: 'Copying your collection…',
  'recording the check': 'Recording the check in the copy…',
};

export function openingWords(status: OpeningStatus): OpeningWords {
  switch (status.state) {
    case 'backing up':
      return { headline: 'Upgrading your collection: backing it up first…', bar: 'Backing up before the upgrade', step: backupSteps[status.phase] ?? `${status.phase}…` };
    case 'upgrading':
      return { headline: 'Upgrading your collection…', bar: 'Upgrading', step: 'Bringing it up to this version of Demarc (your backup is in place).' };
    case 'failed':
      return { headline: 'Demarc could not open your collection.', bar: 'Opening', step: status.message };
    default:
      return { headline: 'Opening your collection…', bar: 'Opening', step: '' };
  }
}
