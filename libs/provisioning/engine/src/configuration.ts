import type { HeadendEvent } from '@headend/events';
import type { FileRecord, Preset } from '@headend/provisioning-planner';
import { compilePreset, fileRecordOf } from '@headend/provisioning-planner';

export type ConfigChange =
  | { readonly kind: 'preset-saved'; readonly id: string; readonly error: string | null }
  | { readonly kind: 'preset-deleted' | 'file-saved' | 'file-deleted'; readonly id: string }
  | { readonly kind: 'ignored' };

/**
 * Presets and files as the planner sees them, folded from acs.config-events.v1 (compacted, one
 * partition, every provisioning process reads all of it). Revisions only move forward, so a replayed
 * or reordered older save never wins.
 */
export class Configuration {
  private readonly presetsById = new Map<string, Preset>();
  private readonly revisions = new Map<string, number>();
  private readonly filesById = new Map<string, FileRecord>();
  private presetList: readonly Preset[] = [];

  get presets(): readonly Preset[] {
    return this.presetList;
  }

  get files(): ReadonlyMap<string, FileRecord> {
    return this.filesById;
  }

  apply(event: HeadendEvent): ConfigChange {
    switch (event.type) {
      case 'PresetSaved': {
        const { presetId, revision, name, definition } = event.data;
        if (!this.newer(`preset:${presetId}`, revision)) return { kind: 'ignored' };
        const compiled = compilePreset(presetId, revision, name, definition);
        // An invalid definition removes the preset rather than keeping an older one the operator replaced.
        if (compiled.ok) this.presetsById.set(presetId, compiled.preset);
        else this.presetsById.delete(presetId);
        this.presetList = [...this.presetsById.values()];
        return { kind: 'preset-saved', id: presetId, error: compiled.ok ? null : compiled.error };
      }
      case 'PresetDeleted': {
        if (!this.newer(`preset:${event.data.presetId}`, event.data.revision)) return { kind: 'ignored' };
        this.presetsById.delete(event.data.presetId);
        this.presetList = [...this.presetsById.values()];
        return { kind: 'preset-deleted', id: event.data.presetId };
      }
      case 'FileStored': {
        if (!this.newer(`file:${event.data.fileId}`, event.data.revision)) return { kind: 'ignored' };
        this.filesById.set(event.data.fileId, fileRecordOf(event.data));
        return { kind: 'file-saved', id: event.data.fileId };
      }
      case 'FileDeleted': {
        if (!this.newer(`file:${event.data.fileId}`, event.data.revision)) return { kind: 'ignored' };
        this.filesById.delete(event.data.fileId);
        return { kind: 'file-deleted', id: event.data.fileId };
      }
      default:
        return { kind: 'ignored' };
    }
  }

  private newer(key: string, revision: number): boolean {
    if ((this.revisions.get(key) ?? 0) >= revision) return false;
    this.revisions.set(key, revision);
    return true;
  }
}
