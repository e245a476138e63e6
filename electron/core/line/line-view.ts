import type Database from 'better-sqlite3';
import type { CardContent, MasteryHorizon } from '../domain/types.js';
import { failedTodayCte, failedTodaySql, knownSql, type KnownParams } from '../mastery/known-sql.js';
import { lineCells, lineColumnServices, lineLayers, lineServices } from './line-model.js';
import type { LineCell, LineCellCard, LineView } from './line-types.js';
import type { CardRecord } from '../db/table-rows.js';

type Row = Pick<CardRecord, 'id' | 'deck_id' | 'service' | 'note_key' | 'content' | 'owner' | 'state'> & {
  layer: string | null;
  known: number;
  failed_today: number;
};

/**
 * Builds the Line view from the model and the learner's built-in cards. A
 * cell holds the responsibility cards whose layer is its row and whose
 * service is its column (cards of other services stay out, so a column
 * teaches only its own service). A cell's mastery is the one "known" of
 * mastery/known-sql.ts at the horizon, counting each fact once: the cards of
 * a fact group are one fact, known as well as its best-known card, and not
 * known at all when one of them was failed today.
 */
export function buildLineView(db: Database.Database, horizon: MasteryHorizon, params: KnownParams): LineView {
  const rows = db
    .prepare<[KnownParams], Row>(
      `WITH ${failedTodayCte}
       SELECT id, key, deck_id, note_key, content, owner, service, json_extract(content, '$.layer') AS layer, state,
         ${knownSql()} AS known, ${failedTodaySql()} AS failed_today
       FROM cards
       WHERE retired = 0 AND suspended = 0 AND kind = 'responsibility' AND source_deck_id IN (SELECT id FROM decks WHERE origin = 'builtin')
       ORDER BY position`,
    )
    .all(params);
  const cells = lineLayers.map((layer) =>
    lineServices.map((service): LineCell => {
      const spec = lineCells[layer.id]?.[service.id];
      if (!spec) throw new Error(`The line model has no cell for ${layer.id} × ${service.id}.`);
      const behind = rows.filter((r) => r.layer === layer.id && r.service === lineColumnServices[service.id]);
      return { layerId: layer.id, serviceId: service.id, owner: spec.owner, why: spec.why, ...masteryOf(behind), cards: behind.map(cardOf) };
    }),
  );
  return { horizon, layers: [...lineLayers], services: [...lineServices], cells };
}

function masteryOf(cards: readonly Row[]): Pick<LineCell, 'facts' | 'factsStudied' | 'mastery'> {
  const facts = new Map<string, { known: number; seen: boolean; failed: boolean }>();
  for (const card of cards) {
    const fact = facts.get(card.note_key) ?? { known: 0, seen: false, failed: false };
    facts.set(card.note_key, { known: Math.max(fact.known, card.known), seen: fact.seen || card.state > 0, failed: fact.failed || card.failed_today === 1 });
  }
  const values = [...facts.values()];
  return {
    facts: values.length,
    factsStudied: values.filter((f) => f.seen).length,
    mastery: values.length === 0 ? null : values.reduce((sum, f) => sum + (f.failed ? 0 : f.known), 0) / values.length,
  };
}

function cardOf(r: Row): LineCellCard {
  const studied = r.state > 0;
  return { id: r.id, deckId: r.deck_id, text: textOf(JSON.parse(r.content) as CardContent), owner: r.owner, studied, recall: studied ? r.known : null, failedToday: r.failed_today === 1 };
}

function textOf(content: CardContent): string {
  switch (content.kind) {
    case 'responsibility':
      return content.prompt;
    case 'basic':
      return content.front;
    case 'choice':
      return content.question;
  }
}
