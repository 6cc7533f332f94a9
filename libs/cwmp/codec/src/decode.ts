import type { DecodeError, DecodeRole } from './errors.js';
import { faultCodeFor } from './errors.js';
import type { CwmpEnvelope } from './soap/envelope.js';
import { decodeEnvelope } from './soap/envelope.js';
import type { CwmpWarning } from './warnings.js';
import { WarningSink } from './warnings.js';
import type { InvalidUtf8Policy } from './xml/bytes.js';
import { bytesToText } from './xml/bytes.js';
import { DEFAULT_XML_LIMITS } from './xml/limits.js';
import { prescan } from './xml/prescan.js';
import { parseXml } from './xml/scanner.js';
import type { XmlLimits } from './xml/types.js';

export interface DecodeOptions {
  /** Caps; each defaults to DEFAULT_XML_LIMITS. */
  readonly limits?: Partial<XmlLimits>;
  /** 'replace' (default): U+FFFD and an INVALID_UTF8 warning; 'reject': an INVALID_UTF8 error. */
  readonly invalidUtf8?: InvalidUtf8Policy;
  /** Who is decoding, for the fault code an error maps to: 'acs' (8xxx, default) or 'cpe' (9xxx). */
  readonly role?: DecodeRole;
}

/**
 * The three things a POST can be: a CWMP message, the CPE's empty POST (no body, or an empty SOAP Body),
 * or something that cannot be decoded. Warnings list the quirks that were tolerated.
 */
export type DecodeResult =
  | {
      readonly ok: true;
      readonly kind: 'message';
      readonly envelope: CwmpEnvelope;
      readonly warnings: readonly CwmpWarning[];
    }
  | { readonly ok: true; readonly kind: 'empty'; readonly warnings: readonly CwmpWarning[] }
  | { readonly ok: false; readonly error: DecodeError; readonly warnings: readonly CwmpWarning[] };

function isBlankInput(input: Uint8Array | string): boolean {
  for (let i = 0; i < input.length; i++) {
    const c = typeof input === 'string' ? input.charCodeAt(i) : (input[i] as number);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

function decodeUnguarded(input: Uint8Array | string, options: DecodeOptions): DecodeResult {
  const limits: XmlLimits =
    options.limits === undefined ? DEFAULT_XML_LIMITS : { ...DEFAULT_XML_LIMITS, ...options.limits };
  const role = options.role ?? 'acs';
  const warnings = new WarningSink();
  const fail = (code: DecodeError['code'], detail: string, extra?: Partial<DecodeError>): DecodeResult => ({
    ok: false,
    error: { code, detail, faultCode: faultCodeFor(code, role), ...extra },
    warnings: warnings.list,
  });

  if (input.length > limits.maxBytes) {
    return fail(
      'INPUT_TOO_LARGE',
      `input has ${input.length} ${typeof input === 'string' ? 'characters' : 'bytes'}, cap is ${limits.maxBytes}`,
    );
  }
  if (isBlankInput(input)) return { ok: true, kind: 'empty', warnings: warnings.list };

  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = bytesToText(input, options.invalidUtf8 ?? 'replace');
    if (!decoded.ok) return fail(decoded.code, decoded.detail);
    if (decoded.invalidUtf8At !== undefined) {
      warnings.add(
        'INVALID_UTF8',
        '',
        `invalid UTF-8 from byte ${decoded.invalidUtf8At}; replaced with U+FFFD`,
      );
    }
    text = decoded.text;
  }

  const refused = prescan(text, limits);
  if (refused !== undefined) return fail(refused.code, refused.detail);
  const parsed = parseXml(text, limits);
  if (!parsed.ok) return fail(parsed.error.code, parsed.error.detail);

  const outcome = decodeEnvelope(parsed.root, { warnings });
  switch (outcome.kind) {
    case 'message':
      return { ok: true, kind: 'message', envelope: outcome.envelope, warnings: warnings.list };
    case 'empty':
      return { ok: true, kind: 'empty', warnings: warnings.list };
    case 'error':
      return fail(outcome.code, outcome.detail, {
        ...(outcome.envelope === undefined ? {} : { envelope: outcome.envelope }),
        ...(outcome.method === undefined ? {} : { method: outcome.method }),
      });
  }
}

/**
 * Decodes one HTTP request or response body. Never throws: hostile or broken input yields
 * `{ ok: false, error }`; tolerated quirks yield warnings.
 */
export function decodeCwmp(input: Uint8Array | string, options: DecodeOptions = {}): DecodeResult {
  try {
    return decodeUnguarded(input, options);
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : 'unknown failure';
    return {
      ok: false,
      error: {
        code: 'INTERNAL_ERROR',
        detail,
        faultCode: faultCodeFor('INTERNAL_ERROR', options.role ?? 'acs'),
      },
      warnings: [],
    };
  }
}
