import type { AcsToCpeMessage } from './acs-to-cpe.js';
import type { CpeToAcsMessage } from './cpe-to-acs.js';
import type { Fault } from './fault.js';

/** Every message the library decodes and encodes, discriminated by `type` (the body element's name). */
export type CwmpMessage = CpeToAcsMessage | AcsToCpeMessage | Fault;

export type CwmpMessageType = CwmpMessage['type'];

export type MessageOf<T extends CwmpMessageType> = Extract<CwmpMessage, { readonly type: T }>;
