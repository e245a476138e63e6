import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { cardToolsContract } from './card-tools-contract.js';

/** The handlers of card-tools-contract.ts (with a session id, the session's undo stack holds the change). */
export function createCardToolsHandlers(c: Collection): Pick<ApiHandlers, keyof typeof cardToolsContract> {
  return {
    'cards.bury': (args) => ({ buried: true, undo: c.bury(args.cardId, args.sessionId) }),
    'cards.flag': (args) => ({ flag: args.flag, undo: c.setFlag(args.cardId, args.flag, args.sessionId) }),
    'cards.setDue': (args) => c.setDue(args.cardIds, args.days, args.sessionId),
    'cards.info': (args) => c.cardInfo(args.cardId),
  };
}
