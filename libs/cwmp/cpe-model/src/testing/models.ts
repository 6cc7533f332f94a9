import { readFileSync } from 'node:fs';
import type { CpeModel } from '../models.js';
import { BUNDLED_MODELS, MODELS_DIRECTORY, modelFromBundledText } from '../models.js';
import type { CpeConfig, CpeState } from '../state.js';
import { createCpe } from '../lifecycle.js';
import type { HandlerContext } from '../handlers/context.js';
import { seededRandom } from '../random.js';

/** Test support only (not exported): the bundled models, read once. */
const cache = new Map<string, CpeModel>();

export function bundledModel(name: string): CpeModel {
  let model = cache.get(name);
  if (model === undefined) {
    const entry = BUNDLED_MODELS.find((m) => m.name === name);
    if (entry === undefined) throw new Error(`no bundled model ${name}`);
    model = modelFromBundledText(entry, readFileSync(new URL(entry.file, MODELS_DIRECTORY), 'utf8'));
    cache.set(name, model);
  }
  return model;
}

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

export function ctxAt(now: number, seed = 1): HandlerContext {
  return { now, random: seededRandom(seed) };
}

/** A fresh device of a bundled model, started at T0. */
export function cpeOf(name: string, config: Partial<CpeConfig> = {}): CpeState {
  const model = bundledModel(name);
  return createCpe({ base: model.base, identity: model.identity, config, now: T0 });
}
