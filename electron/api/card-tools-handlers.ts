import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { cardToolsContract } from './card-tools-contract.js';

/** The handlers of card-tools-contract.ts (the collection's door ends what undo can take back). */
export function createCardToolsHandlers(c: Collection): Pick<ApiHandlers, keyof typeof cardToolsContract> {
  return {
    'cards.bury': (args) => {
      c.bury(args.cardId);
      return { buried: true };
    },
    'cards.flag': (args) => {
      c.setFlag(args.cardId, args.flag);
      return { flag: args.flag };
    },
    'cards.setDue': (args) => ({ changed: c.setDue(args.cardIds, args.days) }),
    'cards.info': (args) => c.cardInfo(args.cardId),
  };
}
