import { describe, expect, it } from 'vitest';
import { assignCoPartitioned } from './co-partitioned-assigner.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('assignCoPartitioned', () => {
  it.each([1, 2, 3, 5, 7])(
    'given %i members and two topics of 64 partitions, then partition p of both topics has one member, and the load is even',
    (count) => {
      const members = range(count).map((i) => `member-${String.fromCharCode(122 - i)}`);
      const assignment = assignCoPartitioned(members, [
        { topic: 'acs.commands.v1', partitions: range(64) },
        { topic: 'cwmp.device-events.v1', partitions: range(64) },
      ]);

      for (const partition of range(64)) {
        const owners = [...assignment].filter(([, topics]) =>
          Object.values(topics).some((partitions) => partitions.includes(partition)),
        );
        expect(owners, `partition ${partition}`).toHaveLength(1);
        const [, topics] = owners[0]!;
        expect(topics['acs.commands.v1']).toContain(partition);
        expect(topics['cwmp.device-events.v1']).toContain(partition);
      }
      const sizes = [...assignment.values()].map((t) => t['cwmp.device-events.v1']?.length ?? 0);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    },
  );

  it('given the members in another order, then the assignment is the same (every member computes alike)', () => {
    const topics = [{ topic: 't', partitions: range(10) }];
    expect(assignCoPartitioned(['b', 'a', 'c'], topics)).toEqual(
      assignCoPartitioned(['c', 'b', 'a'], topics),
    );
  });

  it('given topics of different partition counts, then partition p still goes to one member wherever it exists', () => {
    const assignment = assignCoPartitioned(
      ['a', 'b'],
      [
        { topic: 'small', partitions: [0, 1] },
        { topic: 'large', partitions: range(4) },
      ],
    );
    expect(assignment.get('a')).toEqual({ small: [0], large: [0, 2] });
    expect(assignment.get('b')).toEqual({ small: [1], large: [1, 3] });
  });

  it('given more members than partitions, then the extra members get nothing', () => {
    const assignment = assignCoPartitioned(['a', 'b', 'c'], [{ topic: 't', partitions: [0, 1] }]);
    expect(assignment.get('c')).toEqual({});
  });
});
