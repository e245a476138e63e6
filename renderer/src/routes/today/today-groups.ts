import type { DeckSummary, ServiceType } from '../../../../electron/api/wire-types';
import { serviceTypeLabels, serviceTypeOrder } from '../../lib/format/labels';

export interface DeckGroup {
  /** The key of the list: a service type, or the first deck of a run of ungrouped decks. */
  key: string;
  /** The heading, or null for decks that are alone in their service type. */
  label: string | null;
  serviceType: ServiceType | null;
  decks: DeckSummary[];
}

/**
 * Decks in the order the model is taught (core → IaaS → PaaS → SaaS → …).
 * A service type gets its own heading only when it holds more than one deck:
 * a heading over a single deck ("IaaS" above "IaaS: Amazon EC2…") says
 * nothing. Consecutive lone decks share one list without a heading.
 */
export function groupDecks(decks: readonly DeckSummary[]): DeckGroup[] {
  const groups: DeckGroup[] = [];
  for (const serviceType of serviceTypeOrder) {
    const members = decks.filter((d) => d.serviceType === serviceType);
    if (members.length === 0) continue;
    if (members.length > 1) {
      groups.push({ key: serviceType, label: serviceTypeLabels[serviceType], serviceType, decks: members });
      continue;
    }
    const last = groups.at(-1);
    if (last && last.label === null) last.decks.push(...members);
    else groups.push({ key: `decks-${members[0]!.id}`, label: null, serviceType: null, decks: members });
  }
  return groups;
}
