// The search parser over a table of queries, against a collection built by hand:
// every row names the cards it must find (by key), and malformed queries name
// the character the message must point at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { isDemarcError } from '../../electron/core/domain/errors.js';
import { parseSearch } from '../../electron/core/search/search-query.js';
import { collectionSearchContext, searchCardIds, searchCards } from '../../electron/core/search/search-cards.js';
import { openTestCollection, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

const day = 86_400_000;
const clock = new TestClock();
let collection: Collection;

interface CardSpec {
  key: string;
  deck: string;
  content: Record<string, unknown>;
  owner?: string;
  service?: string;
  tags?: string;
  state?: number;
  due?: number;
  stability?: number;
  difficulty?: number;
  lastReview?: number | null;
  suspended?: number;
  buriedDay?: number;
  addedAt?: number | null;
  ratings?: { daysAgo: number; rating: number }[];
}

const now = clock.value;
const today = studyDay(now, 4);

const specs: CardSpec[] = [
  { key: 'patch', deck: 'ec2', owner: 'customer', service: 'Amazon EC2', tags: 'patching os', content: { kind: 'responsibility', prompt: 'Applying security patches to the guest OS of an EC2 instance', owner: 'customer', service: 'Amazon EC2', explanation: 'The customer manages the guest OS.', task: '2.1' },
    state: 2, due: now + 3 * day, stability: 10, difficulty: 4, lastReview: now - 20 * day, ratings: [{ daysAgo: 20, rating: 3 }] },
  { key: 'hyper', deck: 'ec2', owner: 'aws', service: 'Amazon EC2', tags: 'virtualisation', content: { kind: 'responsibility', prompt: 'Patching the hypervisor under EC2', owner: 'aws', service: 'Amazon EC2', explanation: 'AWS runs the virtualisation layer.' },
    state: 2, due: now - day, stability: 40, difficulty: 7, lastReview: now - 2 * day, ratings: [{ daysAgo: 2, rating: 1 }, { daysAgo: 10, rating: 3 }] },
  { key: 'rds-backup', deck: 'rds', owner: 'shared', service: 'Amazon RDS', tags: 'aws::backup', content: { kind: 'responsibility', prompt: 'Configuring automated backups of an RDS database', owner: 'shared', service: 'Amazon RDS', explanation: 'AWS runs them; the customer sets retention.' },
    state: 1, due: now + 60_000, stability: 1, difficulty: 5, lastReview: now - 600_000, ratings: [{ daysAgo: 0, rating: 3 }] },
  { key: 'basic-html', deck: 'rds', content: { kind: 'basic', front: '<b>What is</b> an <i>RDS</i> snapshot?', back: 'A stored copy', html: true }, tags: '' },
  { key: 'choice', deck: 'iam', tags: 'iam exam', content: { kind: 'choice', question: 'Which are customer duties?', options: ['IAM policies', 'Data-centre guards'], answer: [0], explanation: 'Guards are AWS.', task: '2.3' },
    suspended: 1 },
  { key: 'new-front', deck: 'iam', tags: 'iam', content: { kind: 'basic', front: 'Who rotates access keys?', back: 'The customer rotates "access keys"' }, buriedDay: today, addedAt: now - 2 * day },
  { key: 'percent', deck: 'iam', content: { kind: 'basic', front: '100% uptime_promise?', back: 'no*', task: '1.1' }, addedAt: now - 30 * day },
];

function keysOf(ids: number[]): string[] {
  const rows = databaseOf(collection).prepare(`SELECT key FROM cards WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(ids)) as string[];
  return rows.sort();
}

function find(query: string, deckId?: string): string[] {
  return keysOf(searchCardIds(databaseOf(collection), { query, deckId }, collectionSearchContext(collection)));
}

beforeAll(() => {
  collection = openTestCollection({ clock, builtin: false }).collection;
  const db = databaseOf(collection);
  const insertDeck = db.prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES (?, ?, 'custom', 'imported', ?)");
  insertDeck.run('ec2', 'IaaS: Amazon EC2', now - 100 * day);
  insertDeck.run('rds', 'PaaS: Amazon RDS', now - 100 * day);
  insertDeck.run('iam', 'My IAM deck', now - 100 * day);
  const insertCard = db.prepare(`INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, owner, service, tags, position, state, due,
    stability, difficulty, last_review, suspended, buried_day, added_at) VALUES (@deck, @deck, @key, @key, @kind, @content, @owner, @service, @tags,
    @position, @state, @due, @stability, @difficulty, @lastReview, @suspended, @buriedDay, @addedAt)`);
  const insertLog = db.prepare(`INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms)
    VALUES (?, ?, ?, ?, 2, 'review', 1, 1, 1000)`);
  specs.forEach((s, position) => {
    const id = insertCard.run({
      deck: s.deck, key: s.key, kind: s.content.kind, content: JSON.stringify(s.content), owner: s.owner ?? null, service: s.service ?? null,
      tags: s.tags ?? '', position, state: s.state ?? 0, due: s.due ?? now, stability: s.stability ?? 0, difficulty: s.difficulty ?? 0,
      lastReview: s.lastReview ?? null, suspended: s.suspended ?? 0, buriedDay: s.buriedDay ?? 0, addedAt: s.addedAt === undefined ? null : s.addedAt,
    }).lastInsertRowid;
    for (const r of s.ratings ?? []) insertLog.run(id, now - r.daysAgo * day, today - r.daysAgo, r.rating);
  });
});

afterAll(() => collection.close());

const all = specs.map((s) => s.key).sort();
const table: [string, string[]][] = [
  ['', all],
  ['   ', all],
  ['patches', ['patch']],
  ['PATCH', ['hyper', 'patch']],
  ['ec2 patch', ['hyper', 'patch']],
  ['ec2 patch guest', ['patch']],
  ['"guest os"', ['patch']],
  ['"os guest"', []],
  ['patch -hyper*', ['patch']],
  ['-patch', all.filter((k) => k !== 'patch' && k !== 'hyper')],
  ['hypervisor or backups', ['hyper', 'rds-backup']],
  ['hypervisor OR backups', ['hyper', 'rds-backup']],
  ['(hypervisor or backups) retention', ['rds-backup']],
  ['-(owner:aws or owner:customer) is:review', []],
  ['snapshot', ['basic-html']],
  // Markup is not text: an HTML card does not match the tag names it contains.
  ['<b>', []],
  ['what is an rds', ['basic-html']],
  ['kind', []],
  ['rot*keys', ['new-front']],
  ['"access keys"', ['new-front']],
  ['100%', ['percent']],
  ['uptime_promise', ['percent']],
  ['no\\*', ['percent']],
  ['deck:ec2', ['hyper', 'patch']],
  ['deck:"My IAM deck"', ['choice', 'new-front', 'percent']],
  ['"deck:My IAM deck"', ['choice', 'new-front', 'percent']],
  ['deck:paas*', ['basic-html', 'rds-backup']],
  ['deck:my*', ['choice', 'new-front', 'percent']],
  ['deck:ec', []],
  ['tag:patching', ['patch']],
  ['tag:PATCH*', ['patch']],
  ['tag:aws', ['rds-backup']],
  ['tag:backup', []],
  ['tag:aws::backup', ['rds-backup']],
  ['tag:none', ['basic-html', 'percent']],
  ['is:new', ['basic-html', 'choice', 'new-front', 'percent']],
  ['is:learn', ['rds-backup']],
  ['is:review', ['hyper', 'patch']],
  ['is:due', ['hyper', 'rds-backup']],
  ['is:suspended', ['choice']],
  ['is:buried', ['new-front']],
  ['is:new -is:suspended', ['basic-html', 'new-front', 'percent']],
  ['owner:aws', ['hyper']],
  ['owner:customer', ['patch']],
  ['owner:SHARED', ['rds-backup']],
  ['service:ec2', ['hyper', 'patch']],
  ['service:"amazon rds"', ['rds-backup']],
  ['kind:choice', ['choice']],
  ['kind:basic', ['basic-html', 'new-front', 'percent']],
  ['task:2.1', ['patch']],
  ['task:2', ['choice', 'patch']],
  ['task:2.*', ['choice', 'patch']],
  ['task:1.1', ['percent']],
  ['task:2.2', []],
  // The text of a card is not its task: "2.1" as a word finds nothing here.
  ['2.1', []],
  ['-task:2', all.filter((k) => k !== 'choice' && k !== 'patch')],
  ['prop:r<0.9', ['patch']],
  ['prop:r>=0.9', ['hyper', 'rds-backup']],
  ['owner:customer prop:r<0.9', ['patch']],
  ['prop:s>30', ['hyper']],
  ['prop:s<=10', ['patch', 'rds-backup']],
  ['prop:d>5', ['hyper']],
  ['prop:d=5', ['rds-backup']],
  ['prop:due<=1', ['hyper']],
  ['prop:due=3', ['patch']],
  ['prop:due<0', ['hyper']],
  ['prop:reps=0', all],
  ['-prop:r<0.9', all.filter((k) => k !== 'patch')],
  ['rated:1', ['rds-backup']],
  ['rated:3', ['hyper', 'rds-backup']],
  ['rated:3:1', ['hyper']],
  ['rated:30:3', ['hyper', 'patch', 'rds-backup']],
  ['added:3', ['new-front']],
  ['added:31', ['new-front', 'percent']],
  ['added:365', all],
  ['deck:iam and tag:iam', ['choice', 'new-front']],
  ['(deck:iam (tag:exam or added:7)) or owner:aws', ['choice', 'hyper', 'new-front']],
];

describe('search', () => {
  it.each(table)('%j finds %j', (query, expected) => {
    expect(find(query)).toEqual(expected);
  });

  it('searches within one deck for the deck browser', () => {
    expect(find('is:new', 'iam')).toEqual(['choice', 'new-front', 'percent']);
    const page = searchCards(databaseOf(collection), { query: '-is:suspended', offset: 1, limit: 2 }, collectionSearchContext(collection));
    expect(page.total).toBe(6);
    expect(page.cards.map((c) => c.deckId)).toEqual(['ec2', 'iam']);
  });

  it('leaves retired cards out', () => {
    databaseOf(collection).prepare("UPDATE cards SET retired = 1 WHERE key = 'percent'").run();
    expect(find('100%')).toEqual([]);
    databaseOf(collection).prepare("UPDATE cards SET retired = 0 WHERE key = 'percent'").run();
  });

  const malformed: [string, number, RegExp][] = [
    ['(ec2', 1, /never closed/],
    ['ec2)', 4, /no "\(" before it/],
    ['a (b or', 6, /"or" needs a search term on its right/],
    ['()', 1, /empty/],
    ['ec2 "guest os', 5, /quote is never closed/],
    ['or ec2', 1, /"or" needs a search term on its left/],
    ['ec2 or', 5, /"or" needs a search term on its right/],
    ['ec2 or or rds', 5, /"or" needs a search term on its right/],
    ['ec2 - rds', 5, /"-" must be followed/],
    ['ec2 -', 5, /"-" must be followed/],
    ['-(', 2, /never closed/],
    ['is:flying', 1, /"is:flying" is not a card state; use one of new, learn, review, due, suspended or buried/],
    ['ec2 owner:amazon', 5, /"owner:amazon" is not an owner; use one of aws, customer or shared/],
    ['kind:cloze-ish', 1, /not a card kind/],
    ['task:shared', 1, /"task:shared" is not a task statement; use its number, e.g. task:2.1/],
    ['prop:r<', 1, /prop:NAME, a comparison and a number/],
    ['prop:x>1', 1, /"prop:x" is not a property/],
    ['prop:r<1.5', 1, /from 0 to 1/],
    ['prop:s~3', 1, /a comparison and a number/],
    ['rated:abc', 1, /rated:DAYS or rated:DAYS:GRADE/],
    ['rated:7:9', 1, /grade must be 1 \(Again\) to 4 \(Easy\)/],
    ['rated:0', 1, /between 1 and/],
    ['added:-3', 1, /number of days/],
    ['deck:', 1, /"deck:" needs a value/],
    ['tag:""', 1, /"tag:" needs a value/],
    ['flavour:mint', 1, /unknown field "flavour:"/],
    ['""', 1, /empty phrase/],
    ['x'.repeat(1001), 1001, /longer than 1000/],
    ['('.repeat(60) + 'a' + ')'.repeat(60), 51, /nested more than 50/],
  ];

  it.each(malformed)('%j is refused, pointing at character %i', (query, at, message) => {
    let error: unknown;
    try {
      parseSearch(query);
    } catch (e) {
      error = e;
    }
    expect(isDemarcError(error) && error.code).toBe('INVALID_ARGUMENT');
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text).toContain(`(at character ${at})`);
  });

  it('keeps a quoted colon as text', () => {
    expect(parseSearch('"flavour:mint"')).toEqual({ type: 'term', term: { type: 'text', pattern: 'flavour:mint' } });
  });

  it('counts the study day from the rollover hour', () => {
    expect(dayStart(today, 4)).toBeLessThanOrEqual(now);
  });
});

describe('the cram builder', () => {
  it('takes the same search', () => {
    const session = collection.cram({ size: 50, order: 'due', query: 'owner:aws or owner:shared' }, false);
    expect(session.cards.map((c) => c.id).length).toBe(2);
    expect(session.cards.every((c) => c.content.kind === 'responsibility' && c.content.owner !== 'customer')).toBe(true);
    expect(() => collection.cram({ size: 5, order: 'due', query: 'owner:' }, false)).toThrow(/"owner:" needs a value \(at character 1\)/);
  });
});
