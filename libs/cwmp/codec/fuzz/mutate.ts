/** Byte-level mutations for fuzzing, driven by a seeded PRNG so a run can be replayed. */

export type Random = () => number;

/** mulberry32: small, fast, good enough to pick mutations. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rnd: Random, n: number): number => Math.floor(rnd() * n);

/** Tokens that poke at the parser's edges. */
const TOKENS = [
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '<!ENTITY a SYSTEM "file:///etc/passwd">',
  '&',
  '&a;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&lt',
  '<',
  '>',
  '</',
  '/>',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?',
  '?>',
  'xmlns:a=""',
  'xmlns=""',
  ' a="1" a="2"',
  "'",
  '"',
  '<a>',
  '</a>',
  'soap-env:',
  '__proto__',
  'constructor',
  '\u0000',
  '\r\n',
  '\uFEFF',
].map((t) => new TextEncoder().encode(t));
const BYTES = [0x00, 0x3c, 0x3e, 0x26, 0x22, 0x27, 0x2f, 0x3a, 0x3d, 0x80, 0xc3, 0xe2, 0xf0, 0xff];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export type Mutation = 'flip' | 'byte' | 'truncate' | 'duplicate' | 'delete' | 'splice' | 'token';
export const MUTATIONS: readonly Mutation[] = [
  'flip',
  'byte',
  'truncate',
  'duplicate',
  'delete',
  'splice',
  'token',
];

export function mutate(
  input: Uint8Array,
  corpus: readonly Uint8Array[],
  rnd: Random,
  kind: Mutation,
): Uint8Array {
  const n = input.length;
  const at = int(rnd, n + 1);
  switch (kind) {
    case 'flip': {
      if (n === 0) return input;
      const out = input.slice();
      const i = int(rnd, n);
      out[i] = (out[i] as number) ^ (1 << int(rnd, 8));
      return out;
    }
    case 'byte': {
      if (n === 0) return input;
      const out = input.slice();
      out[int(rnd, n)] = BYTES[int(rnd, BYTES.length)] ?? 0;
      return out;
    }
    case 'truncate':
      return input.subarray(0, at);
    case 'duplicate': {
      const len = int(rnd, Math.min(256, n - at) + 1);
      const slice = input.subarray(at, at + len);
      const where = int(rnd, n + 1);
      return concat(input.subarray(0, where), slice, slice, input.subarray(where));
    }
    case 'delete':
      return concat(input.subarray(0, at), input.subarray(Math.min(n, at + 1 + int(rnd, 64))));
    case 'splice': {
      const other = corpus[int(rnd, corpus.length)] ?? input;
      return concat(input.subarray(0, at), other.subarray(int(rnd, other.length + 1)));
    }
    case 'token':
      return concat(
        input.subarray(0, at),
        TOKENS[int(rnd, TOKENS.length)] ?? new Uint8Array(),
        input.subarray(at),
      );
  }
}

/** One to four mutations of a random corpus entry. */
export function mutant(corpus: readonly Uint8Array[], rnd: Random): Uint8Array {
  let out = corpus[int(rnd, corpus.length)] ?? new Uint8Array();
  const rounds = 1 + int(rnd, 4);
  for (let i = 0; i < rounds; i++)
    out = mutate(out, corpus, rnd, MUTATIONS[int(rnd, MUTATIONS.length)] ?? 'flip');
  return out;
}
