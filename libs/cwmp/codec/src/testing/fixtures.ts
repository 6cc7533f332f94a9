import { readdirSync, readFileSync } from 'node:fs';

/** Test fixtures live in the project (libs/cwmp/codec/fixtures), so tests never need ../shared. */
export const FIXTURES = new URL('../../fixtures/', import.meta.url);

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, FIXTURES)));
}

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

export function fixturePath(path: string): string {
  return new URL(path, FIXTURES).pathname;
}

/** The complete Inform vectors, by their two-digit number. */
export function informVectors(): Map<string, Uint8Array> {
  const files = readdirSync(new URL('informs/', FIXTURES)).filter((f) => f.endsWith('.xml'));
  return new Map(files.sort().map((f) => [f.slice(0, 2), fixtureBytes(`informs/${f}`)]));
}
