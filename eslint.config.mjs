// `npm run lint`: ESLint with type-aware typescript-eslint rules, and the Lit and web-component rules for the element.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // test/e2e/apps: templates of scratch apps, checked by their own toolchains (test/e2e/bundled-apps.test.ts).
  // .cache/: scratch builds (the bench's capture page); .stryker-tmp/: Stryker's sandbox copies.
  { ignores: ['dist/', 'build/', 'test-results/', 'reports/', '.stryker-tmp/', 'node_modules/', 'test/e2e/apps/', '.cache/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Two programs: Node-side code, and the browser tests with their support files (mocha and DOM types).
      parserOptions: { project: ['./tsconfig.json', './test/browser/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
  },
  {
    rules: {
      // An async function that awaits nothing still turns a throw into a rejection, as the promise-returning
      // interfaces it implements (stores, fetch stand-ins) expect.
      '@typescript-eslint/require-await': 'off',
      // Rejecting with an abort signal's reason, or an error caught as unknown, passes it on as it came.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // A one-line `if (…) return;` reads well; a body on the next line gets braces.
      curly: ['error', 'multi-line'],
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks read JSON answers and page globals: `any` there is the data under test, not a typing gap.
    files: ['test/**', 'bench/**', 'scripts/bench.ts'],
    rules: {
      // …and they patch native prototypes (to count calls, or to fake a failure), taking their methods unbound.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // @open-wc/testing types every chai assertion as thenable (for its async accessibility check), so every expect()
    // would count as a floating promise.
    files: ['test/browser/**'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  { files: ['src/**/*.ts'], ...lit.configs['flat/recommended'] },
  { files: ['src/**/*.ts'], ...wc.configs['flat/best-practice'] },
  // Plain JavaScript (configs, bench pages, test-runner plugins) is in no tsconfig: no type information for it.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
