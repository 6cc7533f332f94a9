import { describe, expect, it } from 'vitest';
import { emptyProjection } from '@headend/provisioning-planner';
import type { DeviceProjection } from '@headend/provisioning-planner';
import { ProjectionCache } from './projection-cache.js';

const device = (id: string): DeviceProjection =>
  emptyProjection(id, { oui: '000000', productClass: 'P', serialNumber: id, manufacturer: 'M' }, 0);
const at = (offset: number, partition = 0, topic = 'cwmp.device-events.v1') => ({
  topic,
  partition,
  offset: String(offset),
});

describe('ProjectionCache', () => {
  it('given records of a partition in offset order, then the projections folded stay cached', () => {
    const cache = new ProjectionCache(10);
    cache.admit(at(5));
    cache.folded(at(5), 'a', device('a'));
    cache.admit(at(6));
    cache.folded(at(6), 'b', device('b'));
    cache.admit(at(7));
    expect(cache.get('a')?._id).toBe('a');
    expect(cache.get('b')?._id).toBe('b');
  });

  it('given a record that is not the next of its partition, then everything cached is forgotten', () => {
    for (const offset of [5, 9]) {
      const cache = new ProjectionCache(10);
      cache.admit(at(4));
      cache.folded(at(4), 'a', device('a'));
      cache.admit(at(0, 1));
      cache.folded(at(0, 1), 'b', device('b'));
      // Offset 5 is expected on partition 0: another offset means someone else may have folded.
      cache.admit(at(offset === 5 ? 5 : offset));
      expect(cache.size).toBe(offset === 5 ? 2 : 0);
    }
  });

  it('given a record delivered again after a failure, then it is the one expected and nothing is forgotten but its device', () => {
    const cache = new ProjectionCache(10);
    cache.admit(at(1));
    cache.folded(at(1), 'a', device('a'));
    cache.admit(at(2));
    cache.folded(at(2), 'b', device('b'));
    cache.admit(at(3));
    cache.failed('a');
    cache.admit(at(3));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?._id).toBe('b');
  });

  it('given records that fold nothing (undecodable, not for provisioning), then they still move the partition on', () => {
    const cache = new ProjectionCache(10);
    cache.admit(at(1));
    cache.folded(at(1), 'a', device('a'));
    cache.admit(at(2));
    cache.folded(at(2), 'x', null);
    cache.admit(at(3));
    expect(cache.get('a')?._id).toBe('a');
    expect(cache.get('x')).toBeUndefined();
  });

  it('given more devices than its capacity, then the least recently used goes first', () => {
    const cache = new ProjectionCache(2);
    cache.folded(at(1), 'a', device('a'));
    cache.folded(at(2), 'b', device('b'));
    cache.get('a');
    cache.folded(at(3), 'c', device('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?._id).toBe('a');
  });

  it('given a capacity of 0, then nothing is cached but offsets are still followed', () => {
    const cache = new ProjectionCache(0);
    cache.folded(at(1), 'a', device('a'));
    expect(cache.get('a')).toBeUndefined();
  });

  it('given device ids such as __proto__, then they are keys like any other', () => {
    const cache = new ProjectionCache(10);
    cache.folded(at(1), '__proto__', device('__proto__'));
    expect(cache.get('constructor')).toBeUndefined();
    expect(cache.get('__proto__')?._id).toBe('__proto__');
  });
});
