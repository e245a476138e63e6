import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import demarc from './eslint-rules/write-through-door.js';

// Every SQLite file is opened in one place, with the process's native binding
// (the Electron-ABI build in the app): electron/core/db/sqlite-file.ts.
/** The collection's connection is reached through its methods only (`c['db']` would get round `private`). */
const privateConnection = { selector: "MemberExpression[computed=true][property.value='db']", message: "The collection's connection is private: add a method to Collection instead." };

const sqliteOpenerRestrictions = [
  { selector: "NewExpression[callee.name='Database']", message: 'Open SQLite files with openSqliteFile() from electron/core/db/sqlite-file.ts.' },
  {
    selector: "ImportDeclaration[source.value='better-sqlite3'][importKind!='type']",
    message: 'Only electron/core/db/sqlite-file.ts loads better-sqlite3; import types with `import type`.',
  },
];

// Rows come out of SQL typed where their statement is prepared
// (electron/core/db/typed-statements.ts): a cast of what `.get()`, `.all()`
// or `.iterate()` returns, or of a door's `.read(…)`/`.write(…)` that returns
// it, is refused everywhere in the core.
const typedRowFolders = ['electron/core/**/*.ts'];
const rowCastRestrictions = ['TSAsExpression', 'TSTypeAssertion'].map((node) => ({
  selector: `${node}[expression.type='CallExpression'][expression.callee.property.name=/^(get|all|iterate|read|write)$/]`,
  message: 'Type the statement instead of its rows: db.prepare<Params, Row>(sql) or cached<Row>(db, sql), with the row types of electron/core/db/table-rows.ts.',
}));

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', '.electron-native/', 'screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The renderer sees the back end through one module (type imports in .svelte files are
      // invisible to dependency-cruiser, which reads compiled Svelte, so ESLint holds this line).
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)electron/(?!api/wire-types$)', message: 'The renderer imports the back end only through electron/api/wire-types.' }] },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The core must run under plain Node: nothing from Electron.
    files: ['electron/core/**/*.ts', 'electron/api/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The core imports nothing from Electron.' }] }] },
  },
  {
    // Every SQLite file is opened in one place, with the process's native
    // binding (the Electron-ABI build in the app): electron/core/db/sqlite-file.ts.
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    ignores: ['electron/core/db/sqlite-file.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...sqliteOpenerRestrictions,
      ],
    },
  },
  {
    // The collection's connection is private so that its invariants (undo, caches) hold; only
    // tests and benchmarks reach it, through tests/helpers/collection-database.ts. (Flat config
    // replaces a rule's options per file, so the SQLite-opener selectors are repeated here.)
    files: ['electron/**/*.ts', 'renderer/**/*.ts', 'scripts/**/*.mts', 'scripts/**/*.mjs'],
    ignores: ['electron/core/db/sqlite-file.ts'],
    rules: { 'no-restricted-syntax': ['error', ...sqliteOpenerRestrictions, privateConnection] },
  },
  {
    // Typed rows (above). Flat config replaces a rule's options per file, so the selectors of the block before are repeated.
    files: typedRowFolders,
    ignores: ['electron/core/db/sqlite-file.ts'],
    rules: { 'no-restricted-syntax': ['error', ...sqliteOpenerRestrictions, privateConnection, ...rowCastRestrictions] },
  },
  {
    // One door for writes: data-changing SQL runs only on a connection the
    // write door handed out (eslint-rules/write-through-door.js). The storage
    // floor and collection.ts are the door.
    files: ['electron/**/*.ts'],
    ignores: ['electron/core/db/**', 'electron/core/collection.ts'],
    plugins: { demarc },
    rules: { 'demarc/write-through-door': 'error' },
  },
);
