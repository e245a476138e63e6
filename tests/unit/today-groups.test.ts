import { describe, expect, it } from 'vitest';
import type { DeckSummary, ServiceType } from '../../electron/core/domain/types.js';
import { groupDecks } from '../../renderer/src/routes/today/today-groups.js';

const deck = (id: string, serviceType: ServiceType) => ({ id, serviceType, title: id }) as DeckSummary;
const shape = (decks: DeckSummary[]) => groupDecks(decks).map((g) => [g.label, g.decks.map((d) => d.id)]);

describe('Today groups decks by service type only when a type holds several decks', () => {
  it.each([
    ['one deck per type: one list, no headings', [deck('ec2', 'iaas'), deck('core', 'core'), deck('rds', 'paas')], [[null, ['core', 'ec2', 'rds']]]],
    [
      'two IaaS decks get a heading; the lone decks around them keep their order',
      [deck('ec2', 'iaas'), deck('core', 'core'), deck('vpc', 'iaas'), deck('rds', 'paas'), deck('mine', 'custom')],
      [
        [null, ['core']],
        ['IaaS', ['ec2', 'vpc']],
        [null, ['rds', 'mine']],
      ],
    ],
    ['no decks, no groups', [], []],
  ])('%s', (_name, decks, expected) => {
    expect(shape(decks)).toEqual(expected);
  });
});
