// Type-aware lint for the whole workspace; the module-boundary rule is what keeps pure cores pure.
import nx from '@nx/eslint-plugin';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Drivers and frameworks that only adapters and apps may import. */
const DRIVERS = ['@nestjs/*', 'kafkajs', 'ioredis', 'mongodb', 'fastify', 'express'];

/**
 * The two tag axes. `testOnly` lists tags every project may additionally use from its tests
 * (the contract suites run beside each adapter).
 */
function boundaries(testOnly) {
  return {
    enforceBuildableLibDependency: true,
    banTransitiveDependencies: true,
    checkNestedExternalImports: true,
    depConstraints: [
      // type axis: what kind of code may depend on what
      {
        sourceTag: 'type:core',
        onlyDependOnLibsWithTags: ['type:core', ...testOnly],
        bannedExternalImports: DRIVERS,
      },
      { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:core', ...testOnly] },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:core', 'type:testing'],
        bannedExternalImports: DRIVERS,
      },
      {
        sourceTag: 'type:nest',
        onlyDependOnLibsWithTags: ['type:core', 'type:adapter', 'type:nest', ...testOnly],
      },
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: ['type:core', 'type:adapter', 'type:nest', ...testOnly],
      },
      // system tests drive the whole product
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
      // scope axis: which part of the product may use which
      { sourceTag: 'scope:system', onlyDependOnLibsWithTags: ['*'] },
      { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform'] },
      { sourceTag: 'scope:cwmp', onlyDependOnLibsWithTags: ['scope:cwmp', 'scope:platform'] },
      {
        sourceTag: 'scope:provisioning',
        onlyDependOnLibsWithTags: ['scope:provisioning', 'scope:cwmp', 'scope:platform'],
      },
      {
        sourceTag: 'scope:admin',
        onlyDependOnLibsWithTags: ['scope:admin', 'scope:provisioning', 'scope:platform'],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/coverage',
      '.local',
      '.nx',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', boundaries([])],
    },
  },
  {
    // Integration tests sit beside the adapter they exercise and use the shared contract suites.
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(['type:testing'])],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
