/**
 * The width of one `due_load_slots` row: the quarter hour a due time falls in.
 * Schema step 16 built the table with this width and keeps its own copy (schema
 * steps are history); a later width needs a schema step that rebuilds the table.
 * tests/unit/deck-aggregates.test.ts checks the two agree.
 */
export const dueSlotMs = 900_000;
