// A basic note whose answer is typed: written in the editor, reviewed as an imported Anki type-in card.
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { cardsOfNote } from '../../electron/core/cards/note-types.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection } from '../helpers/test-collection.js';
import { asksTypedAnswer, compareTyped, expectedAnswer } from '../../renderer/src/routes/review/typed-answer.js';

describe('type-in answers written in the editor', () => {
  it('make one card with an answer box on the front and the escaped answer on the back', () => {
    const [card, ...rest] = cardsOfNote({ type: 'basic', front: 'Capital of Australia?', back: 'Canberra <&>', typeIn: true });
    expect(rest).toEqual([]);
    expect(card!.content).toEqual({
      kind: 'basic',
      front: 'Capital of Australia?<br><span class="type-answer"></span>',
      back: '<span class="type-answer">Canberra &lt;&amp;&gt;</span>',
      html: true,
    });
    const content = card!.content as { front: string; back: string };
    // Review reads it as it reads an imported {{type:Field}} card.
    expect(asksTypedAnswer(content.front)).toBe(true);
    expect(expectedAnswer(content.back)).toBe('Canberra <&>');
    expect(compareTyped('Canbera <&>', 'Canberra <&>').exact).toBe(false);
    // Without the choice, a basic note stays a plain flip card.
    expect(cardsOfNote({ type: 'basic', front: 'a', back: 'b' })[0]!.content).toEqual({ kind: 'basic', front: 'a', back: 'b' });
  });

  it('are added and edited through the API, and the editor gets the choice back', async () => {
    const { collection } = openTestCollection();
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
    const call = async (method: string, args: unknown) => {
      const reply = await dispatcher.dispatch(method, args);
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      return reply.value as Record<string, unknown>;
    };
    try {
      const { deckId } = (await call('decks.create', { title: 'Capitals' })) as { deckId: string };
      const saved = (await call('cards.add', { deckId, note: { type: 'basic', front: 'Capital of Australia?', back: 'Canberra', typeIn: true }, tags: [] })) as { cardIds: number[] };
      const content = () => JSON.parse(databaseOf(collection).prepare('SELECT content FROM cards WHERE id = ?').pluck().get(saved.cardIds[0]) as string) as { front: string; back: string };
      expect(content().back).toBe('<span class="type-answer">Canberra</span>');
      expect(collection.authoring.editorView(saved.cardIds[0]!).note).toEqual({ type: 'basic', front: 'Capital of Australia?', back: 'Canberra', typeIn: true });
      await call('cards.update', { cardId: saved.cardIds[0], deckId, note: { type: 'basic', front: 'Capital of Australia?', back: 'Canberra' }, tags: [] });
      expect(content().back).toBe('Canberra');
    } finally {
      collection.close();
    }
  });
});
