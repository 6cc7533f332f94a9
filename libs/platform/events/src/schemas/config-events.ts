import { z } from 'zod';
import { JsonValue, OpaqueId, Text, Token, eventSchema } from './common.js';

/**
 * Events on acs.config-events.v1, written by admin-api, keyed by `preset:<id>` or `file:<id>` (one
 * key space per kind, so compaction keeps the latest event of each object). Ids:
 * `preset:<id>:<revision>`, `file:<id>:<revision>`.
 *
 * Preset and file bodies are deliberately minimal for now: `definition` is any JSON value (bounded
 * nesting and size), typed as JSON but opaque to this catalogue until the provisioning library owns
 * its shape.
 */

/** Increases by one with every save or delete of the object; deletes take a revision too. */
const Revision = z.int().min(1);

export const PresetSaved = eventSchema(
  'PresetSaved',
  1,
  z.object({ presetId: OpaqueId, revision: Revision, name: Text, definition: JsonValue }),
);

export const PresetDeleted = eventSchema(
  'PresetDeleted',
  1,
  z.object({ presetId: OpaqueId, revision: Revision }),
);

export const FileStored = eventSchema(
  'FileStored',
  1,
  z.object({
    fileId: OpaqueId,
    revision: Revision,
    name: Text,
    /** TR-069 FileType, e.g. '1 Firmware Upgrade Image'. */
    fileType: Token,
    length: z.int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    definition: JsonValue,
  }),
);

export const FileDeleted = eventSchema('FileDeleted', 1, z.object({ fileId: OpaqueId, revision: Revision }));

export const ConfigEvent = z.discriminatedUnion('type', [
  PresetSaved,
  PresetDeleted,
  FileStored,
  FileDeleted,
]);
export type ConfigEvent = z.infer<typeof ConfigEvent>;
