import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Where operators' variables and metrics are defined: every app, and the backing-service config. */
const SOURCE_DIRS = [
  ...readdirSync(join(root, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `apps/${entry.name}/src`),
  'libs/platform/config/src',
];

/** A variable is defined as a schema key (`HEADEND_X:`) or read by its name as a string (`'HEADEND_X'`). */
const VARIABLE = /\b(HEADEND_[A-Z0-9_]+)\s*:|['"`](HEADEND_[A-Z0-9_]+)['"`]/g;
/** A prom-client metric is defined with `name: 'headend_x'`. */
const METRIC = /\bname:\s*['"`](headend_[a-z0-9_]+)['"`]/g;

/** Each name matched by `pattern` in the non-test sources, with the files that define it. */
function definedNames(pattern: RegExp): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const dir of SOURCE_DIRS) {
    const files = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
    );
    for (const file of files) {
      const path = `${dir}/${file}`;
      for (const match of readFileSync(join(root, path), 'utf8').matchAll(pattern)) {
        const name = match[1] ?? match[2];
        if (name === undefined) continue;
        const where = names.get(name) ?? [];
        if (!where.includes(path)) where.push(path);
        names.set(name, where);
      }
    }
  }
  return names;
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Variables with a row of their own: named in the first cell of a README table row. */
function documentedVariables(): Set<string> {
  const rows = readme.split('\n').filter((line) => line.startsWith('|'));
  const firstCells = rows.map((row) => row.split('|')[1] ?? '');
  return new Set(
    firstCells.flatMap((cell) => [...cell.matchAll(/`(HEADEND_[A-Z0-9_]+)`/g)].flatMap((m) => m[1] ?? [])),
  );
}

/** Metrics named in README, as `headend_x` or `headend_x{labels}`. */
function documentedMetrics(): Set<string> {
  return new Set([...readme.matchAll(/`(headend_[a-z0-9_]+)[`{]/g)].flatMap((m) => m[1] ?? []));
}

function undocumented(defined: Map<string, string[]>, documented: Set<string>): string[] {
  return [...defined]
    .filter(([name]) => !documented.has(name))
    .map(([name, files]) => `${name} (${files.join(', ')})`)
    .sort();
}

describe('README.md operator reference', () => {
  it('given the HEADEND_* variables the apps and the config lib read, then each has a README table row', () => {
    const missing = undocumented(definedNames(VARIABLE), documentedVariables());
    expect(missing, 'README.md lacks a table row for these variables').toEqual([]);
  });

  it('given the headend_* metrics the apps register, then README names each', () => {
    const missing = undocumented(definedNames(METRIC), documentedMetrics());
    expect(missing, 'README.md does not name these metrics').toEqual([]);
  });

  it('given the variables README lists in its tables, then the sources still read each', () => {
    const defined = definedNames(VARIABLE);
    const stale = [...documentedVariables()].filter((name) => !defined.has(name)).sort();
    expect(stale, 'README.md lists variables no app reads').toEqual([]);
  });

  it('given the metrics README names, then an app still registers each', () => {
    const defined = definedNames(METRIC);
    const stale = [...documentedMetrics()].filter((name) => !defined.has(name)).sort();
    expect(stale, 'README.md names metrics no app registers').toEqual([]);
  });
});
