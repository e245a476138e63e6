import type { CardContent, CardKind, Owner, ServiceType } from '../domain/types.js';

/** A deck ready to be written, whatever file it came from. */
export interface DeckInput {
  id: string;
  title: string;
  serviceType: ServiceType;
  description: string;
  origin: 'builtin' | 'imported';
  cards: CardInput[];
}

export interface CardInput {
  /** Stable within the deck: re-imports match on it. */
  key: string;
  /** Cards of one note are siblings (buried together). */
  noteKey: string;
  kind: CardKind;
  content: CardContent;
  source: string;
  tags: string[];
}

export function ownerOf(content: CardContent): Owner | null {
  return content.kind === 'responsibility' ? content.owner : null;
}

export function serviceOf(content: CardContent): string | null {
  return content.kind === 'responsibility' ? (content.service ?? null) : null;
}
