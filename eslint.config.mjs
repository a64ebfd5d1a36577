import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The app and its tools, all in tsconfig.json. */
const appCode = ['shared/**/*.ts', 'functions/**/*.ts', 'scripts/**/*.ts', 'sandbox/**/*.ts', 'localhost/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.local/**', '.tools/**', 'connector/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules for the app and its tools (tsconfig.json): floating and misused promises, unsafe any,
  // unbound methods. Tests, bench and chaos parse JSON bodies as `any` by design and keep the syntactic rules.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: appCode })),
  {
    files: appCode,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // The local host reads the functions' binding metadata, untyped JSON; String() of such a value is its readable fallback.
    files: ['localhost/**/*.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: 'error',
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**', 'sandbox/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
);
