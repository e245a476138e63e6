// flag:N in the one search syntax (Anki's numbers: 0 none, 1 red, 2 orange, 3 green, 4 blue),
// against flags set the way review sets them.
import { describe, expect, it } from 'vitest';
import { isDemarcError } from '../../electron/core/domain/errors.js';
import { parseSearch } from '../../electron/core/search/search-query.js';
import { openTestCollection } from '../helpers/test-collection.js';

function flaggedCollection() {
  const { collection } = openTestCollection();
  const ids = collection.searchCardRecords('deck:iaas-ec2').map((c) => c.id);
  const others = collection.searchCardRecords('-deck:iaas-ec2').map((c) => c.id);
  collection.setFlag(ids[0]!, 1);
  collection.setFlag(ids[1]!, 1);
  collection.setFlag(ids[2]!, 4);
  collection.setFlag(others[0]!, 1);
  const find = (query: string) => collection.searchCardRecords(query).map((c) => c.id).sort((a, b) => a - b);
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
  return { collection, ids, others, find, sorted, total: ids.length + others.length };
}

describe('flag: in search', () => {
  it('finds cards by flag, across decks or within one, and flag:0 finds the unflagged', () => {
    const { ids, others, find, sorted, total } = flaggedCollection();
    expect(find('flag:1')).toEqual(sorted([ids[0]!, ids[1]!, others[0]!]));
    expect(find('flag:1 deck:iaas-ec2')).toEqual(sorted([ids[0]!, ids[1]!]));
    expect(find('flag:4')).toEqual([ids[2]!]);
    expect(find('flag:2')).toEqual([]);
    expect(find('flag:1 or flag:4')).toHaveLength(4);
    expect(find('-flag:0')).toHaveLength(4);
    expect(find('flag:0')).toHaveLength(total - 4);
  });

  it('follows a flag cleared again', () => {
    const { collection, ids, find } = flaggedCollection();
    collection.setFlag(ids[0]!, 0);
    expect(find('flag:1 deck:iaas-ec2')).toEqual([ids[1]!]);
  });

  it.each([
    ['flag:5', /"flag:5" is not a flag; use flag:0 \(none\), 1 \(red\)/],
    ['flag:red', /"flag:red" is not a flag/],
    ['flag:10', /"flag:10" is not a flag/],
    ['flag:', /"flag:" needs a value/],
  ])('%j is refused with what to write instead', (query, message) => {
    let error: unknown;
    try {
      parseSearch(query);
    } catch (e) {
      error = e;
    }
    expect(isDemarcError(error) && error.code).toBe('INVALID_ARGUMENT');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('(at character 1)');
  });
});
