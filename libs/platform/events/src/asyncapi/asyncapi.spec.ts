import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HEADEND_CATALOGUE } from '../headend-catalogue.js';
import { TOPICS } from '../topics.js';
import { buildAsyncApiDocument } from './document.js';

type Node = Record<string, unknown>;
const FILE = resolve(import.meta.dirname, '..', '..', 'asyncapi.json');

const generated = buildAsyncApiDocument() as Node;
const object = (value: unknown): Node => {
  expect(value, 'expected an object').toBeTypeOf('object');
  return value as Node;
};

function resolvePointer(document: Node, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Node | undefined)?.[part], document);
}

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

describe('asyncapi.json', () => {
  it('given the zod schemas, when the document is regenerated, then it equals the checked-in file', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(FILE, 'utf8'));
    // On failure: npx tsx libs/platform/events/scripts/asyncapi.ts --write, and review the diff.
    expect(checkedIn).toEqual(generated);
  });

  it('then it is an AsyncAPI 3.0.0 document with info, channels, operations and messages', () => {
    expect(generated['asyncapi']).toBe('3.0.0');
    const info = object(generated['info']);
    expect(info['title']).toBe('Headend events');
    expect(info['version']).toMatch(/^\d+\.\d+\.\d+$/);
    const channels = Object.values(object(generated['channels'])).map(object);
    expect(channels.map((channel) => channel['address']).sort()).toEqual(Object.values(TOPICS).sort());
    expect(Object.keys(object(generated['operations']))).toHaveLength(Object.values(TOPICS).length);
    for (const operation of Object.values(object(generated['operations'])).map(object)) {
      expect(operation['action']).toBe('send');
      expect(operation['messages']).not.toHaveLength(0);
    }
  });

  it('then every catalogued event is a message with headers, a payload and a Kafka key', () => {
    const messages = object(object(generated['components'])['messages']);
    expect(Object.keys(messages).sort()).toEqual([...HEADEND_CATALOGUE.current.keys()].sort());
    for (const event of HEADEND_CATALOGUE.current.values()) {
      const message = object(messages[event.type]);
      const headers = object(message['headers']);
      expect(object(object(headers['properties'])['ce_type'])['const']).toBe(event.ceType);
      expect(headers['required']).toEqual(
        expect.arrayContaining(['ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_specversion']),
      );
      const payload = object(message['payload']);
      expect(payload['type']).toBe('object');
      expect(payload['required']).toEqual(Object.keys((event.schema.shape.data as z.ZodObject).shape));
      expect(object(object(object(message['bindings'])['kafka'])['key'])['type']).toBe('string');
    }
  });

  it('then every $ref resolves inside the document', () => {
    const refs = refsIn(generated);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of new Set(refs)) expect(resolvePointer(generated, ref), ref).toBeDefined();
  });
});
