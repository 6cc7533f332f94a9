import type { ConsumedRecord } from '@headend/ports';
import { describe, expect, it } from 'vitest';
import { CommandMerge } from './command-merge.js';

function command(key: string, offset: number, timestamp: number): ConsumedRecord {
  return {
    topic: 'acs.commands.v1',
    partition: 0,
    offset: String(offset),
    key,
    value: new Uint8Array(),
    headers: new Map(),
    timestamp,
  };
}

describe('CommandMerge', () => {
  it('given commands of two devices, when an event of one comes, then only its commands stamped no later are taken, in log order', () => {
    const merge = new CommandMerge();
    merge.add(command('a', 0, 100));
    merge.add(command('b', 1, 100));
    merge.add(command('a', 2, 200));
    merge.add(command('a', 3, 300));
    expect(merge.takeUntil('a', 99)).toEqual([]);
    expect(merge.takeUntil('a', 200).map((c) => c.offset)).toEqual(['0', '2']);
    expect(merge.takeUntil('a', 250)).toEqual([]);
    expect(merge.size).toBe(2);
    expect(merge.takeUntil('c', 1_000)).toEqual([]);
  });

  it('given commands stamped after the device’s last event, then the rest gives them once', () => {
    const merge = new CommandMerge();
    merge.add(command('a', 0, 100));
    merge.add(command('b', 1, 50));
    merge.add(command('a', 2, 300));
    expect(merge.takeUntil('a', 100).map((c) => c.offset)).toEqual(['0']);
    expect(merge.takeRest().map((c) => `${c.key}${c.offset}`)).toEqual(['a2', 'b1']);
    expect(merge.takeRest()).toEqual([]);
    expect(merge.size).toBe(0);
  });

  it('given a device id such as __proto__, then it is a key like any other', () => {
    const merge = new CommandMerge();
    merge.add(command('__proto__', 0, 1));
    expect(merge.takeUntil('constructor', 5)).toEqual([]);
    expect(merge.takeUntil('__proto__', 5)).toHaveLength(1);
  });
});
