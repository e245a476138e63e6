import { describe, expect, it } from 'vitest';
import { travellingSettings } from '../../electron/core/sync/sync-event.js';
import { settingsSchema } from '../../electron/core/settings/settings-schema.js';
import { openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

describe('the settings that travel', () => {
  it('are exactly the ones the settings triggers record as local edits in a migrated collection', () => {
    const { collection } = openTestCollection({ builtin: false });
    const triggers = databaseOf(collection)
      .prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'settings' AND name LIKE '%sync%'")
      .pluck()
      .all() as string[];
    collection.close();
    expect(triggers.length).toBeGreaterThan(0);
    const named = (sql: string) => Object.keys(settingsSchema.shape).filter((key) => sql.includes(`'${key}'`)).sort();
    for (const sql of triggers) expect(named(sql)).toEqual([...travellingSettings].sort());
  });
});
