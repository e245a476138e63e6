/**
 * The names of the API methods, without their schemas: the preload imports
 * only this list, so it stays tiny and exposes exactly these functions.
 */
export const apiMethodNames = [
  'today.get',
  'study.start',
  'study.check',
  'study.answer',
  'study.undo',
  'cram.start',
  'decks.list',
  'decks.cards',
  'decks.delete',
  'decks.export',
  'decks.setOptions',
  'cards.suspend',
  'cards.reset',
  'cards.move',
  'settings.get',
  'settings.update',
  'settings.estimateWorkload',
  'stats.get',
  'import.preview',
  'import.run',
  'import.start',
  'import.status',
  'import.cancel',
  'optimizer.start',
  'optimizer.status',
  'optimizer.cancel',
  'optimizer.reset',
  'app.info',
] as const;

export type ApiMethodName = (typeof apiMethodNames)[number];
