import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { authoringContract } from './authoring-contract.js';
import { cardsOfNote } from '../core/cards/note-types.js';
import { isDemarcError } from '../core/domain/errors.js';

type AuthoringHandlers = Pick<ApiHandlers, keyof typeof authoringContract>;

/**
 * Search, the editor and bulk actions. Every change goes through the
 * collection's authoring, which drops the answers' undo (it restores whole
 * card rows, and would silently take an edit back).
 */
export function createAuthoringHandlers(c: Collection): AuthoringHandlers {
  const authoring = c.authoring;
  const withCard = <T extends { cardIds: number[] }>(saved: T, cardId: number) => {
    const record = authoring.record(cardId);
    return { ...saved, card: record && record.retired === 0 ? c.studyCard(record, c.now()) : null };
  };
  return {
    'cards.search': (args) => c.searchCards(args),
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
      const saved = authoring.add(args, c.now());
      return withCard(saved, saved.cardIds[0]!);
    },
    'cards.update': (args) => withCard(authoring.update(args.cardId, args, c.now()), args.cardId),
    'cards.bulk': (args) => c.bulkAction(args),
    'cards.undoEdit': (args) => {
      const { batch, cardIds } = authoring.undo(c.now(), args.batchId);
      return { summary: batch.summary, cardIds };
    },
    'cards.replacePreview': (args) => c.findReplace(args, false),
    'cards.replace': (args) => c.findReplace(args, true),
    'cards.duplicates': (args) => c.duplicates(args),
    'cards.lastEdit': () => {
      const batch = authoring.log.latest();
      return batch ? { batchId: batch.id, summary: batch.summary } : null;
    },
    'decks.create': (args) => ({ deckId: authoring.createDeck(args.title, c.now()) }),
  };
}
