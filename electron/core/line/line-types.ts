import type { MasteryHorizon, Owner } from '../domain/types.js';

/**
 * The Line view: the shared-responsibility stack drawn per service, layers as
 * rows and services as columns, each cell with its owner and how well the
 * learner knows the cards behind it. Pure types, read by the renderer.
 */
export interface LineLayer {
  id: string;
  label: string;
}

export interface LineService {
  id: string;
  label: string;
  /** The service model: IaaS, PaaS, managed, SaaS. */
  model: string;
}

export interface LineCellCard {
  id: number;
  deckId: string;
  text: string;
  owner: Owner | null;
  studied: boolean;
  /** Predicted recall at the view's horizon (mastery/known-sql.ts), null before the first review; 0 when failed today. */
  recall: number | null;
  /** The card's latest answer today was a failure: it counts as not known until answered right again. */
  failedToday: boolean;
}

export interface LineCell {
  layerId: string;
  serviceId: string;
  owner: Owner;
  /** One sentence on why the line falls where it does for this cell. */
  why: string;
  cards: LineCellCard[];
  /** Facts behind the cell: cards of one fact group count once. */
  facts: number;
  factsStudied: number;
  /**
   * Mean over the facts of the known value at the horizon (a fact is as known as
   * its best card; 0 when unseen or when any of its cards was failed today); null without cards.
   */
  mastery: number | null;
}

export interface LineView {
  /** When mastery is measured: the exam morning, or a fixed number of days ahead. */
  horizon: MasteryHorizon;
  layers: LineLayer[];
  services: LineService[];
  /** Row-major: cells[layer][service]. */
  cells: LineCell[][];
}
