// Lint: typescript-eslint's recommended rules, and the boundaries of the code's shape (see ../shared/ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A feature may use another feature only through these modules; anything else is that feature's inside. */
const PUBLIC = ['table', 'service', 'access', 'queries', 'texts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'data/**',
      'test-results/**',
      'drizzle/**',
      'public/**',
      'coverage/**',
      '.bench/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // a `require` of a JSON or CommonJS-only module, and the test helpers that load every feature's texts
      '@typescript-eslint/no-require-imports': 'off',
      // control characters are matched on purpose: input cleaning and safe redirects strip or refuse them
      'no-control-regex': 'off',
    },
  },
  {
    // The platform knows no feature.
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**', '**/demo/**', '**/deps', '**/app'],
              message: 'The platform knows no feature: pass what it needs in.',
            },
          ],
        },
      ],
    },
  },
  {
    // Features reach each other only through their public modules.
    files: ['src/features/**/*.ts'],
    ignores: ['src/features/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // '../other-feature/module', but not '../../platform/…' (two levels up is the platform or src/)
              group: ['../*/*', '!../../**', ...PUBLIC.map((m) => `!../*/${m}`)],
              message: `Another feature is reached only through its ${PUBLIC.join(', ')} modules.`,
            },
            { group: ['**/demo/**'], message: 'Features do not depend on the demo data.' },
          ],
        },
      ],
    },
  },
);
