// Lint holds the lines STYLE.md draws: no floating promises, pure domains, services that share only packages/.
import tseslint from 'typescript-eslint';

const SERVICES = ['extractor', 'normalizer', 'deduper', 'zoho-writer', 'reconciler', 'zoho-emulator', 'control'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.p2z/**', 'deploy/**', '**/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Services never import each other: they share packages/ and events only.
  ...SERVICES.map((service) => ({
    files: [`services/${service}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: SERVICES.filter((s) => s !== service).map((s) => `@panda2zoho/${s}`), message: 'services share only packages/ and events' }] },
      ],
    },
  })),
  // Domain code is pure: no I/O, no Kafka, no HTTP; dependencies point domain ← handlers ← app.
  {
    files: ['services/*/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['kafkajs', 'express', 'better-sqlite3', 'mssql', 'node:fs', 'node:http', 'node:net', 'node:child_process'].map((name) => ({
            name,
            message: 'domain code is pure: do I/O in adapters/',
          })),
          patterns: [
            { group: ['../adapters/*', '../handlers/*', '../app.ts', '@panda2zoho/kafka'], message: 'dependencies point domain ← handlers ← app' },
            // (this block replaces the per-service rule above for domain files, so it repeats it)
            { group: SERVICES.map((s) => `@panda2zoho/${s}`), message: 'services share only packages/ and events' },
          ],
        },
      ],
    },
  },
);
