import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { authoringContract } from './authoring-contract.js';
import { CardAuthoring } from '../core/cards/card-authoring.js';
import { runBulkAction } from '../core/cards/card-bulk-actions.js';
import { cardsOfNote } from '../core/cards/note-types.js';
import { isDemarcError } from '../core/domain/errors.js';
import { collectionSearchContext, searchCards } from '../core/search/search-cards.js';

type AuthoringHandlers = Pick<ApiHandlers, keyof typeof authoringContract>;

/**
 * Search, the editor and bulk actions. Every change forgets the review's
 * answer undo: it restores whole card rows, and would silently take an edit back.
 */
export function createAuthoringHandlers(c: Collection): AuthoringHandlers {
  const authoring = new CardAuthoring(c.db);
  const changed = <T>(value: T): T => {
    c.clearUndo();
    return value;
  };
  const withCard = <T extends { cardIds: number[] }>(saved: T, cardId: number) => {
    const record = c.db.prepare('SELECT * FROM cards WHERE id = ? AND retired = 0').get(cardId) as Parameters<Collection['studyCard']>[0] | undefined;
    return { ...saved, card: record ? c.studyCard(record, c.now()) : null };
  };
  return {
    'cards.search': (args) => searchCards(c.db, args, collectionSearchContext(c)),
    'cards.editor': (args) => authoring.editorView(args.cardId),
    'cards.preview': (args) => {
      try {
        return { contents: cardsOfNote(args.note).map((card) => card.content), problem: null };
      } catch (error) {
        if (isDemarcError(error)) return { contents: [], problem: error.message };
        throw error;
      }
    },
    'cards.add': (args) => {
      const saved = changed(authoring.add(args, c.now()));
      return withCard(saved, saved.cardIds[0]!);
    },
    'cards.update': (args) => withCard(changed(authoring.update(args.cardId, args, c.now())), args.cardId),
    'cards.bulk': (args) => changed(runBulkAction(c.db, authoring.log, args, c.now())),
    'cards.undoEdit': (args) => {
      const { batch, cardIds } = changed(authoring.log.undo(c.now(), args.batchId));
      return { summary: batch.summary, cardIds };
    },
    'decks.create': (args) => {
      const deckId = authoring.createDeck(args.title, c.now());
      c.invalidateDeckTitles();
      return { deckId };
    },
  };
}
