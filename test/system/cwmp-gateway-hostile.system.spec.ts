import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { serializeQueueItem } from '@headend/cwmp-session';
import { eventually, uniqueName } from '@headend/contract-tests';
import { coordinationKeys } from '@headend/ports';
import { KafkaEventLog } from '@headend/kafka';
import { RedisCoordinationStore } from '@headend/redis';
import type { DeviceEventTap } from './harness/device-events.js';
import { tapDeviceEvents } from './harness/device-events.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import type { RawInform } from './harness/raw-cwmp.js';
import { envelope, rawInform, rawInformDeviceId } from './harness/raw-cwmp.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

/**
 * Hostile input is normal input: every event-schema violation a CPE can put in an Inform, and in the
 * messages of a session after it, gets a clear answer, and no single request ends the gateway's
 * process, even once the append time-out (small here) has long passed.
 */

const services = readBackingServices(process.env);
const APPEND_TIMEOUT_MS = 300;

let gateway: GatewayProcess;
let redis: RedisCoordinationStore;
let log: KafkaEventLog;
let tap: DeviceEventTap;

const url = () => `http://127.0.0.1:${gateway.port}/`;
const serial = () => uniqueName('SN').replaceAll('-', '');
const long = (n: number, c = 'x') => c.repeat(n);

function cpeFor(inform: RawInform): ScriptedCpe {
  return new ScriptedCpe(url(), inform.serialNumber, {
    deriveSecret: TEST_DERIVE_SECRET,
    deviceId: rawInformDeviceId(inform),
  });
}

async function endPlan(deviceId: string): Promise<void> {
  await redis.enqueue(coordinationKeys.rpcQueue(deviceId), [serializeQueueItem({ kind: 'end' })]);
  await redis.publish(coordinationKeys.wakeup(deviceId), 'planned');
}

/** The gateway process is the one started, still running, and serves a whole normal session. */
async function expectSameProcessServes(pid: number | undefined): Promise<void> {
  await new Promise((r) => setTimeout(r, APPEND_TIMEOUT_MS * 4));
  expect(gateway.child.exitCode, gateway.output().slice(-2000)).toBeNull();
  expect(gateway.child.pid).toBe(pid);
  const cpe = new ScriptedCpe(url(), serial(), { deriveSecret: TEST_DERIVE_SECRET });
  expect((await cpe.inform()).status).toBe(200);
  await endPlan(cpe.deviceId);
  expect((await cpe.send(null)).status).toBe(204);
}

beforeAll(async () => {
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'hostile-test' });
  tap = await tapDeviceEvents(log, uniqueName('hostile'));
  gateway = await startGatewayOnFreePorts({
    HEADEND_APPEND_TIMEOUT_MS: String(APPEND_TIMEOUT_MS),
    HEADEND_PLAN_TIMEOUT_MS: '2000',
    HEADEND_MAX_BODY_BYTES: String(16 * 1024 * 1024),
  });
  // The first append to a topic waits for its metadata: not within the small time-out.
  await eventually('a first session', async () => {
    const cpe = new ScriptedCpe(url(), serial(), { deriveSecret: TEST_DERIVE_SECRET });
    if ((await cpe.inform()).status !== 200) return false;
    await endPlan(cpe.deviceId);
    return (await cpe.send(null)).status === 204;
  });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await tap?.stop();
  await log?.close();
  await redis?.close();
});

const bad: [string, (s: string) => RawInform][] = [
  ['an empty SerialNumber', () => ({ serialNumber: '' })],
  ['an empty OUI', (s) => ({ serialNumber: s, oui: '' })],
  ['a 65-character SerialNumber', (s) => ({ serialNumber: s + long(65 - s.length) })],
  ['a 65-character OUI', (s) => ({ serialNumber: s, oui: long(65, 'A') })],
  ['a 65-character ProductClass', (s) => ({ serialNumber: s, productClass: long(65, 'P') })],
  ['a 65-character Manufacturer', (s) => ({ serialNumber: s, manufacturer: long(65, 'M') })],
  ['a 10 KB Manufacturer', (s) => ({ serialNumber: s, manufacturer: long(10_000, 'M') })],
  ['a SerialNumber of control characters', (s) => ({ serialNumber: `${s}\u0001\u001f` })],
  ['a SerialNumber with a lone surrogate', (s) => ({ serialNumber: `${s}\ud800` })],
  ['a 65-character event code', (s) => ({ serialNumber: s, events: [[long(65, 'E'), '']] })],
  [
    'an odd event code',
    (s) => ({
      serialNumber: s,
      events: [
        ['', ''],
        ['99 WHATEVER <x>', ''],
      ],
    }),
  ],
  ['a 33-character CommandKey', (s) => ({ serialNumber: s, events: [['M Reboot', long(33, 'k')]] })],
  [
    '65 events',
    (s) => ({
      serialNumber: s,
      events: Array.from({ length: 65 }, (_, i) => [`${i} X`, ''] as const),
    }),
  ],
  [
    'a 257-character parameter name',
    (s) => ({ serialNumber: s, parameters: [[`A.${long(255)}`, 'v', 'xsd:string']] }),
  ],
  [
    'a 65,537-character parameter value',
    (s) => ({ serialNumber: s, parameters: [['A.B', long(65_537), 'xsd:string']] }),
  ],
  ['a 257-character xsi:type', (s) => ({ serialNumber: s, parameters: [['A.B', 'v', `xsd:${long(253)}`]] })],
  [
    '100,001 parameters',
    (s) => ({
      serialNumber: s,
      parameters: Array.from({ length: 100_001 }, (_, i) => [`A.${i}`, '', 'xsd:string'] as const),
    }),
  ],
  ['a CurrentTime that is no time', (s) => ({ serialNumber: s, currentTime: 'yesterday, at noon' })],
  ['a 100-character CurrentTime', (s) => ({ serialNumber: s, currentTime: long(100, '9') })],
  ['a RetryCount of 2^32', (s) => ({ serialNumber: s, retryCount: '4294967296' })],
  ['a RetryCount of 10^30', (s) => ({ serialNumber: s, retryCount: '1'.padEnd(31, '0') })],
  ['a negative RetryCount', (s) => ({ serialNumber: s, retryCount: '-1' })],
  ['a MaxEnvelopes of 2^40', (s) => ({ serialNumber: s, maxEnvelopes: String(2 ** 40) })],
  ['a 10 KB cwmp:ID', (s) => ({ serialNumber: s, cwmpId: long(10_240, 'i') })],
];

describe('cwmp-gateway under hostile Informs', () => {
  it('given every event-schema violation an Inform can carry, then each gets a clear answer and the same process still serves', async () => {
    const pid = gateway.child.pid;
    for (const [what, make] of bad) {
      const inform = make(serial());
      const answer = await cpeFor(inform).sendRaw(rawInform(inform));
      // A clear answer: accepted (recorded, with what was cut said so) or refused; never a failure.
      expect([200, 400, 403, 500], `${what}: HTTP ${answer.status} ${answer.text}`).toContain(answer.status);
      if (answer.status === 500) expect(answer.message?.type, what).toBe('Fault');
      if (answer.status === 200) await endPlan(rawInformDeviceId(inform));
    }
    await expectSameProcessServes(pid);
  }, 180_000);
});

/** Opens a normal session and returns its CPE. */
async function openSession(): Promise<ScriptedCpe> {
  const cpe = new ScriptedCpe(url(), serial(), { deriveSecret: TEST_DERIVE_SECRET });
  expect((await cpe.inform()).status).toBe(200);
  return cpe;
}

/** The session still goes on: the CPE's empty POST ends it with 204 once the plan is final. */
async function expectSessionEnds(cpe: ScriptedCpe): Promise<void> {
  await endPlan(cpe.deviceId);
  const answer = await cpe.send(null);
  expect(answer.status, answer.text).toBe(204);
}

const TIME = '<StartTime>2026-11-22T10:00:00Z</StartTime><CompleteTime>2026-11-22T10:00:00Z</CompleteTime>';
const FAULT_NONE = '<FaultStruct><FaultCode>0</FaultCode><FaultString></FaultString></FaultStruct>';

/** The body element of an Inform (raw XML). */
function innerInform(serialNumber: string, manufacturer?: string): string {
  return rawInform({ serialNumber, ...(manufacturer ? { manufacturer } : {}) }).replace(
    /^.*<soap-env:Body>|<\/soap-env:Body>.*$/g,
    '',
  );
}

const cpeRequests: [string, string][] = [
  [
    'a TransferComplete with a 33-character CommandKey and a fault code of 2^32',
    `<cwmp:TransferComplete><CommandKey>${long(33)}</CommandKey><FaultStruct><FaultCode>4294967296</FaultCode><FaultString>${long(5000)}</FaultString></FaultStruct><StartTime>${long(100)}</StartTime><CompleteTime>never</CompleteTime></cwmp:TransferComplete>`,
  ],
  [
    'an AutonomousTransferComplete with a FileSize of 2^40 and a 10 KB URL',
    `<cwmp:AutonomousTransferComplete><AnnounceURL>${long(10_000)}</AnnounceURL><TransferURL>http://x/</TransferURL><IsDownload>true</IsDownload><FileType>${long(300)}</FileType><FileSize>${2 ** 40}</FileSize><TargetFileName></TargetFileName>${FAULT_NONE}${TIME}</cwmp:AutonomousTransferComplete>`,
  ],
  [
    'a RequestDownload with a 300-character FileType',
    `<cwmp:RequestDownload><FileType>${long(300)}</FileType><FileTypeArg soap-enc:arrayType="cwmp:ArgStruct[1]"><ArgStruct><Name>${long(300)}</Name><Value>v</Value></ArgStruct></FileTypeArg></cwmp:RequestDownload>`,
  ],
  [
    'a Kicked with 10 KB fields',
    `<cwmp:Kicked><Command>${long(300)}</Command><Referer>${long(10_000)}</Referer><Arg></Arg><Next>${long(5000)}</Next></cwmp:Kicked>`,
  ],
  ['a GetRPCMethods with a 10 KB cwmp:ID', '<cwmp:GetRPCMethods></cwmp:GetRPCMethods>'],
  [
    'a Fault with no ACS request outstanding',
    '<soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>9002</FaultCode><FaultString>x</FaultString></cwmp:Fault></detail></soap-env:Fault>',
  ],
  ['an Inform of another device inside the session', innerInform('X')],
  ['an Inform of the same device with a 65-character Manufacturer inside the session', 'SAME'],
];

describe('cwmp-gateway under hostile messages later in a session', () => {
  it('given CPE requests with values the catalogue refuses, then each gets a clear answer, the session goes on and the same process still serves', async () => {
    const pid = gateway.child.pid;
    for (const [what, body] of cpeRequests) {
      const cpe = await openSession();
      const id = what.includes('10 KB cwmp:ID') ? long(10_240, 'i') : 'r1';
      const sent = body === 'SAME' ? innerInform(cpe.serial, long(65, 'M')) : body;
      const answer = await cpe.sendRaw(envelope(sent, id));
      expect([200, 400, 403, 500], `${what}: HTTP ${answer.status} ${answer.text}`).toContain(answer.status);
      if (answer.status === 500) expect(answer.message?.type, what).toBe('Fault');
      await expectSessionEnds(cpe);
    }
    await expectSameProcessServes(pid);
  }, 180_000);

  const responses: [string, string][] = [
    [
      'a GetParameterValuesResponse with over-long names, values and types',
      `<cwmp:GetParameterValuesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[3]"><ParameterValueStruct><Name>A.${long(300)}</Name><Value>v</Value></ParameterValueStruct><ParameterValueStruct><Name>A.B</Name><Value>${long(65_537)}</Value></ParameterValueStruct><ParameterValueStruct><Name>A.C</Name><Value xsi:type="xsd:${long(300)}">v</Value></ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse>`,
    ],
    [
      'a Fault with a fault code of 2^40 and 10 KB strings',
      `<soap-env:Fault><faultcode>Client</faultcode><faultstring>${long(10_000)}</faultstring><detail><cwmp:Fault><FaultCode>${2 ** 40}</FaultCode><FaultString>${long(10_000)}</FaultString><SetParameterValuesFault><ParameterName>${long(300)}</ParameterName><FaultCode>-5</FaultCode><FaultString>${long(10_000)}</FaultString></SetParameterValuesFault></cwmp:Fault></detail></soap-env:Fault>`,
    ],
    ['a response of another method', '<cwmp:RebootResponse></cwmp:RebootResponse>'],
  ];

  it('given responses to an ACS request with values the catalogue refuses, then each gets a clear answer, the session goes on and the same process still serves', async () => {
    const pid = gateway.child.pid;
    for (const [what, body] of responses) {
      const cpe = await openSession();
      await redis.enqueue(coordinationKeys.rpcQueue(cpe.deviceId), [
        serializeQueueItem({
          kind: 'rpc',
          rpcId: 'gpv1',
          request: { type: 'GetParameterValues', parameterNames: ['A.'] },
        }),
      ]);
      const request = await cpe.send(null);
      expect(request.message?.type, what).toBe('GetParameterValues');
      const answer = await cpe.sendRaw(envelope(body, request.cwmpId ?? null));
      expect([200, 204, 400, 500], `${what}: HTTP ${answer.status} ${answer.text}`).toContain(answer.status);
      if (answer.status === 500) expect(answer.message?.type, what).toBe('Fault');
      if (answer.status !== 204) {
        // The session goes on: a well-formed answer (or the next empty POST) still ends it.
        await endPlan(cpe.deviceId);
        const next = await cpe.sendRaw(
          envelope(
            '<cwmp:GetParameterValuesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[0]"></ParameterList></cwmp:GetParameterValuesResponse>',
            request.cwmpId ?? null,
          ),
        );
        expect([204, 500], `${what}, then a good answer: HTTP ${next.status} ${next.text}`).toContain(
          next.status,
        );
        if (next.status === 500) await expectSessionEnds(cpe);
      }
    }
    await expectSameProcessServes(pid);
    await eventually('the gateway is still alive', () => gateway.child.exitCode === null);
  }, 180_000);
});

describe('values over the limit', () => {
  const refusals = (deviceId: string) =>
    tap
      .of(deviceId)
      .flatMap(({ id, event }) => (event.type === 'MessageRefused' ? [{ id, ...event.data }] : []));

  it.each<[string, (s: string) => RawInform, number, Record<string, unknown>]>([
    [
      'a 65-character SerialNumber: the Inform is refused',
      (s) => ({ serialNumber: s + long(65 - s.length) }),
      400,
      { action: 'refused', reason: 'inform-identity', sessionId: null, message: 'Inform' },
    ],
    [
      'a 10 KB cwmp:ID: the Inform is refused (a cut ID would name another request)',
      (s) => ({ serialNumber: s, cwmpId: long(10_240, 'i') }),
      400,
      { action: 'refused', reason: 'cwmp-id', sessionId: null },
    ],
    [
      'a 33-character CommandKey and a 65,537-character value: recorded cut, and said so',
      (s) => ({
        serialNumber: s,
        events: [['M Reboot', long(33, 'k')]],
        parameters: [
          ['A.B', long(65_537), 'xsd:string'],
          ['A.C', 'kept', 'xsd:string'],
        ],
      }),
      200,
      {
        action: 'truncated',
        reason: 'truncated',
        fields: [
          { field: 'data.events.commandKey', count: 1 },
          { field: 'data.parameters', count: 1 },
        ],
      },
    ],
  ])('given %s, with an event the operator sees and a metric', async (_, make, status, expected) => {
    const inform = make(serial());
    const deviceId = rawInformDeviceId(inform);
    const answer = await cpeFor(inform).sendRaw(rawInform(inform));
    expect(answer.status, answer.text).toBe(status);
    if (status === 200) await endPlan(deviceId);
    await eventually('a MessageRefused event', () => refusals(deviceId).length === 1);
    const [refusal] = refusals(deviceId);
    expect(refusal).toMatchObject({ deviceId, ...expected });
    expect(refusal!.id).toBe(`${refusal!.refusalId}:refused`);
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.healthPort}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`headend_cwmp_refused_messages_total\\{reason="${String(expected['reason'])}"\\} [1-9]`),
    );
  });
});
