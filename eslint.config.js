// Lint for the whole repository: TypeScript everywhere, Lit and web-component rules for the browser code.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const browserCode = ['src/components/**/*.ts', 'src/client/**/*.ts', 'src/hardware/**/*.ts', 'src/offline/**/*.ts', 'kiosk-shell/**/*.ts', 'test/browser/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', '.test-results/**', 'var/**', 'packages/*/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: browserCode,
    ...lit.configs['flat/recommended'],
  },
  {
    files: browserCode,
    ...wc.configs['flat/recommended'],
  },
  {
    files: browserCode,
    plugins: { 'lit-a11y': litA11y },
    rules: litA11y.configs.recommended.rules,
  },
  {
    // Tests read JSON answers whose shape is the thing under test, and poke at deliberately malformed values.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
