import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** The @headend/* aliases, read from the one place that defines them. */
function workspaceAliases(): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(resolve(import.meta.dirname, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [
      name,
      resolve(import.meta.dirname, target),
    ]),
  );
}

const alias = workspaceAliases();
const sources = ['apps/**/src/**', 'libs/**/src/**', 'test/**'];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: sources.map((dir) => `${dir}/*.spec.ts`),
          exclude: ['**/*.int.spec.ts', '**/*.system.spec.ts', '**/node_modules/**'],
        },
      },
      {
        resolve: { alias },
        test: {
          // Real Kafka, Redis and the MongoDB-wire server (deploy/local); one file at a time, because
          // they share a two-core machine with the servers.
          name: 'integration',
          include: sources.map((dir) => `${dir}/*.{int,system}.spec.ts`),
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
