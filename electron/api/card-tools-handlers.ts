import type { Collection } from '../core/collection.js';
import { CardTools } from '../core/cards/card-tools.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { cardToolsContract } from './card-tools-contract.js';

/** The handlers of card-tools-contract.ts. Changing cards outside an answer ends what undo can take back. */
export function createCardToolsHandlers(c: Collection): Pick<ApiHandlers, keyof typeof cardToolsContract> {
  const tools = new CardTools(c.connection);
  return {
    'cards.bury': (args) => {
      tools.bury(args.cardId, c.now(), c.settings.rolloverHour);
      c.clearUndo();
      return { buried: true };
    },
    'cards.flag': (args) => {
      tools.setFlag(args.cardId, args.flag);
      return { flag: args.flag };
    },
    'cards.setDue': (args) => {
      const changed = tools.setDue(args.cardIds, args.days, c.now(), c.settings.rolloverHour);
      c.clearUndo();
      return { changed };
    },
    'cards.info': (args) => {
      const deckId = c.cardRecord(args.cardId).deck_id;
      return tools.info(args.cardId, c.schedulerFor(deckId), c.now());
    },
  };
}
