import { parseArgs } from 'node:util';
import type { BundledModel, InjectedFault } from '@headend/cpe-model';
import { BUNDLED_MODELS } from '@headend/cpe-model';
import type { InitiatedShares, ModelChoice, QuirkRatios } from './devices.js';
import { parseFaultSpec } from './fault-spec.js';
import type { FleetOptions } from './fleet.js';
import { DEFAULT_FLEET_OPTIONS } from './fleet.js';

const modelNames = (source: BundledModel['source']): string =>
  BUNDLED_MODELS.filter((m) => m.source === source)
    .map((m) => m.name)
    .join(', ');

export const USAGE = `cpe-sim: a fleet of simulated TR-069 CPEs

Usage: npx tsx apps/cpe-sim/src/main.ts --acs-url URL [options]

  --acs-url URL            the ACS (http:// or https://)                                 (required)
  --devices N              number of simulated devices                                    (100)
  --models LIST            models and weights, e.g. bm632w:2,tplink-xx230v:1 (a name may be a CSV path)
                           real device dumps: ${modelNames('dump')}
                           from the TR-181 / TR-098 data models: ${modelNames('datamodel')}
  --interval S             PeriodicInformInterval for every device, seconds               (the model's)
  --jitter F               periodic Inform jitter, fraction of the interval               (0.1)
  --storm-seconds S        devices first boot within S seconds; 0 = all at once           (10)
  --duration S             stop after S seconds                                           (until Ctrl-C)
  --username U             ACS username                                                   (device id with --derive-secret)
  --password P             ACS password
  --derive-secret HEX      password = hex HMAC-SHA256(SECRET bytes, device id), the gateway's derived mode
  --quirk-no-cookies F     share of devices that ignore cookies                           (0)
  --quirk-no-xml-decl F    share that refuse an XML declaration and send none             (0)
  --quirk-basic-only F     share that answer a 401 with Basic only                         (0)
  --quirk-no-header F      share that send no SOAP Header (no cwmp:ID)                     (0)
  --seed N                 seed of everything random                                      (1)
  --cr-port N              connection request listener port; 0 = any free port            (off)
  --cr-host HOST           host in ConnectionRequestURL and to listen on                  (127.0.0.1)
  --no-keep-alive          a new TCP connection per HTTP request
  --timeout MS             HTTP request timeout                                           (30000)
  --max-concurrent N       sessions in flight at once                                     (1000)
  --boot-seconds S         how long a reboot keeps a device silent                        (5)
  --insecure               accept any TLS certificate
  --ca-file PATH           trust the CA certificates in this PEM file (instead of Node's list)
  --inject-fault SPEC      answer with a CWMP fault instead, repeatable; SPEC is METHOD[:PATH]=CODE[xTIMES],
                           e.g. SetParameterValues:Device.ManagementServer.PeriodicInformInterval=9002x1
                           (the first SPV touching it faults 9003 with a 9002 entry, then it works again);
                           a PATH ending in '.' covers all below it; without xTIMES it always faults
  --inject-fault-share F   share of devices that have the injected faults                 (1)
  --autonomous-transfer-share F  share that report an AutonomousTransferComplete once     (0)
  --request-download-share F     share that send a RequestDownload (firmware) once        (0)
  --kicked-share F               share that send a Kicked once                            (0)
  --autonomous-du-share F        share that report an AutonomousDUStateChangeComplete once (0)
  --progress-seconds S     progress line period on stderr; 0 = none                       (5)
  --journal FILE           append one JSON line per session: what the ACS acknowledged (fault-injection checks)
  --help                   this text

Prints a progress line to stderr while running and a JSON summary to stdout at the end.`;

export class CliError extends Error {
  override readonly name = 'CliError';
}

export interface CliOptions {
  readonly help: boolean;
  readonly fleet: Partial<FleetOptions> & { readonly acsUrl: string };
  readonly durationSeconds: number | undefined;
  readonly progressSeconds: number;
  /** A file to append one JSON line per session to (SessionRecord plus the device id). */
  readonly journal: string | undefined;
}

function number(
  flag: string,
  raw: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new CliError(`--${flag} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function integer(flag: string, raw: string | undefined, min: number): number | undefined {
  const n = number(flag, raw, min);
  if (n !== undefined && !Number.isInteger(n))
    throw new CliError(`--${flag} must be an integer, got "${raw}"`);
  return n;
}

/** The --inject-fault values; throws CliError naming the one it cannot read. */
export function parseInjectedFaults(specs: readonly string[]): InjectedFault[] {
  return specs.map((spec) => {
    const parsed = parseFaultSpec(spec);
    if (typeof parsed === 'string') throw new CliError(`--inject-fault: ${parsed}`);
    return parsed;
  });
}

export function parseModels(raw: string): ModelChoice[] {
  return raw.split(',').map((part) => {
    const m = /^(.+?)(?::(\d+(?:\.\d+)?))?$/.exec(part.trim());
    const name = m?.[1];
    if (name === undefined) throw new CliError(`--models: cannot read "${part}"`);
    if (!name.endsWith('.csv') && !BUNDLED_MODELS.some((b) => b.name === name)) {
      throw new CliError(`--models: "${name}" is neither a bundled model nor a .csv path`);
    }
    const weight = m?.[2] === undefined ? 1 : Number(m[2]);
    if (weight <= 0) throw new CliError(`--models: the weight of "${name}" must be positive`);
    return { name, weight };
  });
}

/** Reads and validates the command line; throws CliError naming the flag at fault. */
export function parseCli(argv: readonly string[]): CliOptions {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'acs-url': { type: 'string' },
        devices: { type: 'string' },
        models: { type: 'string' },
        interval: { type: 'string' },
        jitter: { type: 'string' },
        'storm-seconds': { type: 'string' },
        duration: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        'derive-secret': { type: 'string' },
        'quirk-no-cookies': { type: 'string' },
        'quirk-no-xml-decl': { type: 'string' },
        'quirk-basic-only': { type: 'string' },
        'quirk-no-header': { type: 'string' },
        seed: { type: 'string' },
        'cr-port': { type: 'string' },
        'cr-host': { type: 'string' },
        'no-keep-alive': { type: 'boolean' },
        timeout: { type: 'string' },
        'max-concurrent': { type: 'string' },
        'boot-seconds': { type: 'string' },
        insecure: { type: 'boolean' },
        'ca-file': { type: 'string' },
        'inject-fault': { type: 'string', multiple: true },
        'inject-fault-share': { type: 'string' },
        'autonomous-transfer-share': { type: 'string' },
        'request-download-share': { type: 'string' },
        'kicked-share': { type: 'string' },
        'autonomous-du-share': { type: 'string' },
        'progress-seconds': { type: 'string' },
        journal: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  const help = values.help === true;
  const acsUrl = values['acs-url'] ?? '';
  if (!help) {
    let url: URL | undefined;
    try {
      url = new URL(acsUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new CliError(`--acs-url must be an http:// or https:// URL, got "${acsUrl}"`);
    }
  }
  const ratio = (flag: string, raw: string | undefined): number => number(flag, raw, 0, 1) ?? 0;
  const quirks: QuirkRatios = {
    noCookies: ratio('quirk-no-cookies', values['quirk-no-cookies']),
    noXmlDeclaration: ratio('quirk-no-xml-decl', values['quirk-no-xml-decl']),
    basicAuthOnly: ratio('quirk-basic-only', values['quirk-basic-only']),
    noSoapHeader: ratio('quirk-no-header', values['quirk-no-header']),
  };
  const bootSeconds = number('boot-seconds', values['boot-seconds'], 0);
  const injectedFaults = parseInjectedFaults(values['inject-fault'] ?? []);
  const injectedFaultShare = number('inject-fault-share', values['inject-fault-share'], 0, 1);
  if (injectedFaultShare !== undefined && injectedFaults.length === 0) {
    throw new CliError('--inject-fault-share needs at least one --inject-fault');
  }
  const initiatedRequests: InitiatedShares = {
    AutonomousTransferComplete: ratio('autonomous-transfer-share', values['autonomous-transfer-share']),
    RequestDownload: ratio('request-download-share', values['request-download-share']),
    Kicked: ratio('kicked-share', values['kicked-share']),
    AutonomousDUStateChangeComplete: ratio('autonomous-du-share', values['autonomous-du-share']),
  };
  const fleet: CliOptions['fleet'] = {
    acsUrl,
    devices: integer('devices', values.devices, 1) ?? DEFAULT_FLEET_OPTIONS.devices,
    models: values.models === undefined ? DEFAULT_FLEET_OPTIONS.models : parseModels(values.models),
    periodicIntervalSeconds: integer('interval', values.interval, 1),
    periodicJitter: number('jitter', values.jitter, 0, 1) ?? DEFAULT_FLEET_OPTIONS.periodicJitter,
    stormSeconds: number('storm-seconds', values['storm-seconds'], 0) ?? DEFAULT_FLEET_OPTIONS.stormSeconds,
    username: values.username,
    password: values.password,
    deriveSecret: values['derive-secret'],
    quirks,
    seed: integer('seed', values.seed, 0) ?? DEFAULT_FLEET_OPTIONS.seed,
    crPort: integer('cr-port', values['cr-port'], 0),
    crHost: values['cr-host'] ?? DEFAULT_FLEET_OPTIONS.crHost,
    keepAlive: values['no-keep-alive'] !== true,
    requestTimeoutMs: integer('timeout', values.timeout, 1) ?? DEFAULT_FLEET_OPTIONS.requestTimeoutMs,
    maxConcurrentSessions:
      integer('max-concurrent', values['max-concurrent'], 1) ?? DEFAULT_FLEET_OPTIONS.maxConcurrentSessions,
    insecureTls: values.insecure === true,
    caFile: values['ca-file'],
    injectedFaults,
    injectedFaultShare,
    initiatedRequests,
    cpeConfig: bootSeconds === undefined ? undefined : { bootSeconds },
  };
  return {
    help,
    fleet,
    durationSeconds: number('duration', values.duration, 0),
    progressSeconds: number('progress-seconds', values['progress-seconds'], 0) ?? 5,
    journal: values.journal,
  };
}
