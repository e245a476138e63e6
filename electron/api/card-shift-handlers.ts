import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { cardShiftContract } from './card-shift-contract.js';

/** The handlers of card-shift-contract.ts. */
export function createCardShiftHandlers(c: Collection): Pick<ApiHandlers, keyof typeof cardShiftContract> {
  return {
    'cards.previewShift': (args) => c.previewShift(args),
    'cards.shift': (args) => c.shift(args),
  };
}
