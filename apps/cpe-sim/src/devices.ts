import { readFileSync } from 'node:fs';
import type {
  CpeConfig,
  CpeModel,
  CpeQuirks,
  CpeState,
  InitiatedRequestType,
  InjectedFault,
  RandomSource,
} from '@headend/cpe-model';
import {
  BUNDLED_MODELS,
  childSeed,
  createCpe,
  forcedInformPaths,
  generateSerialNumber,
  INITIATED_REQUEST_TYPES,
  initiateRequest,
  MODELS_DIRECTORY,
  modelFromBundledText,
  modelFromCsv,
  randomHex,
  seededRandom,
} from '@headend/cpe-model';
import { crPath } from './cr-server.js';
import type { CrCredentials } from './cr-server.js';
import { derivedPassword } from '@headend/cwmp-auth';
import { deviceIdOf } from '@headend/events';

export interface ModelChoice {
  /** A bundled model name (see BUNDLED_MODELS) or a path to a dump CSV. */
  readonly name: string;
  readonly weight: number;
}

/** Share of the fleet (0..1) that has each quirk. */
export type QuirkRatios = { readonly [K in keyof CpeQuirks]: number };

/** Share of the fleet (0..1) that sends each request of its own accord once, in its first session. */
export type InitiatedShares = { readonly [K in InitiatedRequestType]?: number };

export interface DeviceFactoryOptions {
  readonly devices: number;
  readonly seed: number;
  readonly quirks: QuirkRatios;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Derived credentials: password = hex HMAC-SHA256(secret, device id), username = device id unless given. */
  readonly deriveSecret?: string | undefined;
  readonly periodicIntervalSeconds?: number | undefined;
  /** Base URL of the connection request listener, e.g. http://127.0.0.1:7548; undefined keeps the dump's URL. */
  readonly crBaseUrl?: string | undefined;
  readonly stormSeconds: number;
  readonly cpeConfig?: Partial<CpeConfig> | undefined;
  /** Faults the devices answer with instead (see InjectedFault), for a share of the fleet (default all). */
  readonly injectedFaults?: readonly InjectedFault[] | undefined;
  readonly injectedFaultShare?: number | undefined;
  readonly initiatedRequests?: InitiatedShares | undefined;
}

/** A simulated device and what the fleet runner keeps about it. */
export interface SimDevice {
  readonly id: string;
  readonly model: CpeModel;
  readonly random: RandomSource;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly crInitial: CrCredentials;
  readonly startAt: number;
  state: CpeState;
  /** In a session, or waiting for a session slot. */
  busy: boolean;
  crPending: boolean;
  nextPeriodicAt: number;
  periodicInterval: number | undefined;
  retryAt: number;
}

/** Loads the chosen models once each: bundled names from the library's models/, others as CSV paths. */
export function loadModels(choices: readonly ModelChoice[]): Map<string, CpeModel> {
  const models = new Map<string, CpeModel>();
  for (const { name } of choices) {
    if (models.has(name)) continue;
    const bundled = BUNDLED_MODELS.find((m) => m.name === name);
    if (bundled === undefined) models.set(name, modelFromCsv(name, readFileSync(name, 'utf8')));
    else
      models.set(
        name,
        modelFromBundledText(bundled, readFileSync(new URL(bundled.file, MODELS_DIRECTORY), 'utf8')),
      );
  }
  return models;
}

function pickModel(
  choices: readonly ModelChoice[],
  models: ReadonlyMap<string, CpeModel>,
  random: RandomSource,
): CpeModel {
  const total = choices.reduce((s, c) => s + c.weight, 0);
  let r = random() * total;
  for (const c of choices) {
    r -= c.weight;
    if (r < 0) return models.get(c.name) as CpeModel;
  }
  return models.get((choices[choices.length - 1] as ModelChoice).name) as CpeModel;
}

/** Values that make one device itself: connection request URL and credentials, interval, WAN address. */
function ownValues(
  model: CpeModel,
  id: string,
  index: number,
  cr: CrCredentials,
  options: DeviceFactoryOptions,
): Map<string, string> {
  const ms = `${model.base.root}ManagementServer.`;
  const values = new Map<string, string>([
    [`${ms}ConnectionRequestUsername`, cr.username],
    [`${ms}ConnectionRequestPassword`, cr.password],
  ]);
  if (options.crBaseUrl !== undefined)
    values.set(`${ms}ConnectionRequestURL`, options.crBaseUrl + crPath(id));
  if (options.periodicIntervalSeconds !== undefined) {
    values.set(`${ms}PeriodicInformInterval`, String(options.periodicIntervalSeconds));
    values.set(`${ms}PeriodicInformEnable`, 'true');
  }
  const wan = forcedInformPaths(model.base).find((p) => p.endsWith('.ExternalIPAddress'));
  // 100.64.0.0/10 (shared address space), so addresses are unique per device and obviously not real.
  if (wan !== undefined)
    values.set(wan, `100.${64 + ((index >> 16) & 63)}.${(index >> 8) & 255}.${index & 255}`);
  return values;
}

/** A second stream per device for the optional behaviours, so that turning them on changes nothing else. */
const EXTRAS_SEED = 0x2f6b1a3d;

/** Fault injection and the requests a device sends of its own accord, drawn per device. */
function withExtras(
  state: CpeState,
  options: DeviceFactoryOptions,
  random: RandomSource,
  now: number,
): CpeState {
  let next = state;
  const faults = options.injectedFaults ?? [];
  if (faults.length > 0 && random() < (options.injectedFaultShare ?? 1)) {
    next = {
      ...next,
      config: { ...next.config, injectedFaults: [...next.config.injectedFaults, ...faults] },
    };
  }
  for (const type of INITIATED_REQUEST_TYPES) {
    const share = options.initiatedRequests?.[type] ?? 0;
    if (share > 0 && random() < share) next = initiateRequest(next, type, { now, random });
  }
  return next;
}

/** Creates the fleet's devices, deterministic from the seed. */
export function createDevices(
  choices: readonly ModelChoice[],
  models: ReadonlyMap<string, CpeModel>,
  options: DeviceFactoryOptions,
  now: number,
): SimDevice[] {
  const serials = new Set<string>();
  const devices: SimDevice[] = [];
  for (let index = 0; index < options.devices; index++) {
    const random = seededRandom(childSeed(options.seed, index));
    const model = pickModel(choices, models, random);
    let serialNumber = generateSerialNumber(model.identity.serialNumber, random);
    while (serials.has(`${model.name}/${serialNumber}`))
      serialNumber = generateSerialNumber(model.identity.serialNumber, random);
    serials.add(`${model.name}/${serialNumber}`);
    const identity = { ...model.identity, serialNumber };
    const id = deviceIdOf(identity);
    const quirks: CpeQuirks = {
      noCookies: random() < options.quirks.noCookies,
      noXmlDeclaration: random() < options.quirks.noXmlDeclaration,
      basicAuthOnly: random() < options.quirks.basicAuthOnly,
      noSoapHeader: random() < options.quirks.noSoapHeader,
    };
    const crInitial = { username: serialNumber, password: randomHex(random, 8) };
    const startAt = now + random() * options.stormSeconds * 1000;
    const derived =
      options.deriveSecret === undefined
        ? undefined
        : derivedPassword(Buffer.from(options.deriveSecret, 'hex'), id);
    const created = createCpe({
      base: model.base,
      identity,
      values: ownValues(model, id, index, crInitial, options),
      config: { namespace: model.namespace, ...options.cpeConfig, quirks },
      now: startAt,
    });
    const state = withExtras(
      created,
      options,
      seededRandom(childSeed(options.seed ^ EXTRAS_SEED, index)),
      startAt,
    );
    devices.push({
      id,
      model,
      random,
      username: options.username ?? (derived === undefined ? undefined : id),
      password: options.password ?? derived,
      crInitial,
      startAt,
      state,
      busy: false,
      crPending: false,
      nextPeriodicAt: Infinity,
      periodicInterval: undefined,
      retryAt: 0,
    });
  }
  return devices;
}
