import type { Migration } from './migration.js';

/**
 * A full-text index over each card's searchable text (text/search-text.ts:
 * its text fields, markup removed, lower-cased), so that a word or wildcard
 * search reads the cards holding the term's runs of three or more characters
 * instead of calling a JavaScript function on every card
 * (search/search-sql.ts). The trigram tokenizer indexes every three-character
 * sequence, so any substring of three or more characters is found; with
 * detail=none the index holds only which cards have each trigram, and the
 * search checks the stored text itself afterwards.
 *
 * A card whose content is longer than 100,000 characters (an imported 20 MB
 * field) would cost seconds of tokenizing: card_text_long lists it instead,
 * and a search calls the text function on the cards listed there (normally
 * none); its row in card_text is empty (only a pattern of nothing but wildcards matches an empty
 * text, and that pattern matches the whole text too).
 *
 * Triggers keep it in step with every writer, in the same transaction; every
 * connection has the search text function (db/sqlite-file.ts). An insert
 * first clears a row of the same id: a card replaced by INSERT OR REPLACE
 * fires no delete trigger.
 */
const longContent = 100_000;
const indexCard = `
      DELETE FROM card_text WHERE rowid = NEW.id;
      DELETE FROM card_text_long WHERE id = NEW.id;
      INSERT INTO card_text (rowid, text)
        VALUES (NEW.id, CASE WHEN length(NEW.content) <= ${longContent} THEN demarc_search_text(NEW.content) ELSE '' END);
      INSERT INTO card_text_long (id) SELECT NEW.id WHERE length(NEW.content) > ${longContent};`;

export const cardTextIndex: Migration = {
  version: 13,
  name: 'card-text-index',
  up: `
    CREATE VIRTUAL TABLE card_text USING fts5(text, tokenize = 'trigram', detail = 'none');
    CREATE TABLE card_text_long (id INTEGER PRIMARY KEY) STRICT;

    CREATE TRIGGER cards_insert_card_text AFTER INSERT ON cards
    BEGIN ${indexCard}
    END;
    CREATE TRIGGER cards_update_card_text AFTER UPDATE OF id, content ON cards
    WHEN OLD.id IS NOT NEW.id OR OLD.content IS NOT NEW.content
    BEGIN
      DELETE FROM card_text WHERE rowid = OLD.id;
      DELETE FROM card_text_long WHERE id = OLD.id;${indexCard}
    END;
    CREATE TRIGGER cards_delete_card_text AFTER DELETE ON cards
    BEGIN
      DELETE FROM card_text WHERE rowid = OLD.id;
      DELETE FROM card_text_long WHERE id = OLD.id;
    END;

    INSERT INTO card_text (rowid, text)
      SELECT id, CASE WHEN length(content) <= ${longContent} THEN demarc_search_text(content) ELSE '' END FROM cards;
    INSERT INTO card_text_long (id) SELECT id FROM cards WHERE length(content) > ${longContent};
  `,
};
