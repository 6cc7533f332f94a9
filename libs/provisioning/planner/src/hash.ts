/** Two 32-bit string hashes (FNV-1a and djb2) as base-36 text: a short, stable fingerprint, not a secret. */
export function fingerprint(text: string): string {
  let fnv = 0x811c9dc5;
  let djb = 5381;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    fnv = Math.imul(fnv ^ c, 16_777_619);
    djb = Math.imul(djb, 33) ^ c;
  }
  return (fnv >>> 0).toString(36) + (djb >>> 0).toString(36);
}

/** TR-069 CommandKey / ParameterKey are at most 32 characters: longer ids are shortened to a fingerprint. */
export function shortKey(prefix: string, id: string): string {
  const full = `${prefix}${id}`;
  return full.length <= 32 ? full : `${prefix}${fingerprint(id)}`.slice(0, 32);
}
