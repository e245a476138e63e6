import type Database from 'better-sqlite3';
import type { CardContent, Owner } from '../domain/types.js';
import { hasMemorySql, retrievabilitySql, type RetrievabilityParams } from '../stats/retrievability-sql.js';
import { lineCells, lineColumnServices, lineLayers, lineServices } from './line-model.js';
import type { LineCell, LineCellCard, LineView } from './line-types.js';

interface Row {
  id: number;
  deckId: string;
  service: string | null;
  layer: string | null;
  noteKey: string;
  content: string;
  owner: Owner | null;
  state: number;
  retrievability: number | null;
}

/**
 * Builds the Line view from the model and the learner's built-in cards. A
 * cell holds the responsibility cards whose layer is its row and whose
 * service is its column (cards of other services stay out, so a column
 * teaches only its own service). A cell's mastery counts each fact once: the
 * cards of a fact group are one fact, remembered as well as its
 * best-remembered studied card.
 */
export function buildLineView(db: Database.Database, params: RetrievabilityParams): LineView {
  const rows = db
    .prepare(
      `SELECT id, deck_id AS deckId, note_key AS noteKey, content, owner, service, json_extract(content, '$.layer') AS layer, state,
         CASE WHEN state > 0 AND ${hasMemorySql} THEN ${retrievabilitySql} END AS retrievability
       FROM cards
       WHERE retired = 0 AND suspended = 0 AND kind = 'responsibility' AND source_deck_id IN (SELECT id FROM decks WHERE origin = 'builtin')
       ORDER BY position`,
    )
    .all(params) as Row[];
  const cells = lineLayers.map((layer) =>
    lineServices.map((service): LineCell => {
      const spec = lineCells[layer.id]?.[service.id];
      if (!spec) throw new Error(`The line model has no cell for ${layer.id} × ${service.id}.`);
      const behind = rows.filter((r) => r.layer === layer.id && r.service === lineColumnServices[service.id]);
      return { layerId: layer.id, serviceId: service.id, owner: spec.owner, why: spec.why, ...masteryOf(behind), cards: behind.map(cardOf) };
    }),
  );
  return { layers: [...lineLayers], services: [...lineServices], cells };
}

function masteryOf(cards: readonly Row[]): Pick<LineCell, 'facts' | 'factsStudied' | 'mastery'> {
  const facts = new Map<string, number | null>();
  for (const card of cards) {
    const known = facts.get(card.noteKey) ?? null;
    const r = card.retrievability;
    facts.set(card.noteKey, r === null ? known : Math.max(known ?? 0, r));
  }
  const values = [...facts.values()];
  const studied = values.filter((v) => v !== null) as number[];
  return {
    facts: values.length,
    factsStudied: studied.length,
    mastery: values.length === 0 ? null : studied.reduce((sum, v) => sum + v, 0) / values.length,
  };
}

function cardOf(r: Row): LineCellCard {
  return { id: r.id, deckId: r.deckId, text: textOf(JSON.parse(r.content) as CardContent), owner: r.owner, studied: r.state > 0, retrievability: r.retrievability };
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
