import type { Owner } from '../domain/types.js';

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
  /** Current retrievability, null before the first review. */
  retrievability: number | null;
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
  /** Mean over the facts of what is remembered now (an unstudied fact counts 0); null without cards. */
  mastery: number | null;
}

export interface LineView {
  layers: LineLayer[];
  services: LineService[];
  /** Row-major: cells[layer][service]. */
  cells: LineCell[][];
}
