import { describe, expect, it } from 'vitest';
import { Task } from './command-events.js';

const upload = (url?: string) => ({ name: 'upload', fileType: '1 Vendor Configuration File', url });

describe('Task: upload', () => {
  it.each([
    'https://files.example/cfg.xml',
    'http://10.0.0.1:8080/u',
    'ftp://logs.example/a.txt',
    'ftps://x/y',
  ])('given the destination %s, then the task is accepted', (url) => {
    expect(Task.safeParse(upload(url)).success).toBe(true);
  });

  it('given no destination, then the task is accepted (it faults when run: the ACS has no file server)', () => {
    expect(Task.safeParse({ name: 'upload', fileType: '2 Vendor Log File' }).success).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    '/relative/path',
    'https://',
    'https://a b/c',
    'HTTPS://x/y',
    '',
  ])('given the destination %j, then the task is refused with a message naming the url', (url) => {
    const parsed = Task.safeParse(upload(url));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['url']);
  });
});
