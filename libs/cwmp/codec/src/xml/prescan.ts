import type { XmlError, XmlLimits } from './types.js';

/**
 * The cheap checks that run before any tree is built: size, and no markup declaration at all.
 * A DOCTYPE or ENTITY is refused, never expanded or fetched, which rules out entity-expansion bombs
 * (billion laughs) and external entities (XXE). Comments and CDATA sections are skipped so their
 * content cannot trigger a false refusal. Depth and element count are enforced by the scanner as it
 * goes, so a document over those caps is refused at the first element past the cap.
 */
export function prescan(text: string, limits: XmlLimits): XmlError | undefined {
  if (text.length > limits.maxBytes) {
    return {
      code: 'INPUT_TOO_LARGE',
      detail: `input has ${text.length} characters, cap is ${limits.maxBytes}`,
    };
  }
  for (let pos = text.indexOf('<!'); pos !== -1; pos = text.indexOf('<!', pos)) {
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end === -1) return undefined; // the scanner reports the truncation
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (end === -1) return undefined;
      pos = end + 3;
    } else {
      const what = /^<!([A-Za-z]{0,16})/.exec(text.slice(pos, pos + 18))?.[1] ?? '';
      return {
        code: 'DTD_FORBIDDEN',
        detail: `markup declaration <!${what}> at offset ${pos}: DOCTYPE and ENTITY are not accepted`,
      };
    }
  }
  return undefined;
}
