import type { DeckSummary, ServiceType } from '../../../../electron/core/domain/types';
import { serviceTypeLabels, serviceTypeOrder } from '../../lib/format/labels';

export interface DeckGroup {
  serviceType: ServiceType;
  label: string;
  decks: DeckSummary[];
}

/** Decks grouped by service type, in the order the model is taught (core → IaaS → PaaS → SaaS → …). */
export function groupDecks(decks: DeckSummary[]): DeckGroup[] {
  return serviceTypeOrder
    .map((serviceType) => ({ serviceType, label: serviceTypeLabels[serviceType], decks: decks.filter((d) => d.serviceType === serviceType) }))
    .filter((g) => g.decks.length > 0);
}
