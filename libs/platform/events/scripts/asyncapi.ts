/**
 * Regenerates libs/platform/events/asyncapi.json from the zod schemas.
 *   npx tsx libs/platform/events/scripts/asyncapi.ts --write   writes the file
 *   npx tsx libs/platform/events/scripts/asyncapi.ts           exits 1 when the file is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { buildAsyncApiDocument, renderAsyncApiDocument } from '../src/asyncapi/document.js';

const target = resolve(import.meta.dirname, '..', 'asyncapi.json');

if (process.argv.includes('--write')) {
  // Written as Prettier would, so `npm run format:check` stays green.
  const options = (await resolveConfig(target)) ?? {};
  writeFileSync(target, await format(renderAsyncApiDocument(), { ...options, filepath: target }));
  console.log(`wrote ${target}`);
} else {
  let current: unknown = null;
  try {
    current = JSON.parse(readFileSync(target, 'utf8'));
  } catch {
    // missing or unreadable: out of date
  }
  if (!isDeepStrictEqual(current, buildAsyncApiDocument())) {
    console.error(`${target} is out of date; run with --write`);
    process.exitCode = 1;
  } else {
    console.log(`${target} is up to date`);
  }
}
