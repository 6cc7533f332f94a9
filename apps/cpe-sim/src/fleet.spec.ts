import http from 'node:http';
import type { CwmpMessage } from '@headend/cwmp-codec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestAuthorization, parseAuthHeader } from './digest.js';
import type { Fleet, FleetOptions, SessionRecord } from './fleet.js';
import { startFleet } from './fleet.js';
import type { ScriptedAcsOptions } from './testing/scripted-acs.js';
import { ScriptedAcs } from './testing/scripted-acs.js';

const IGD = 'InternetGatewayDevice.';
const WAN = `${IGD}WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.`;
const CREDS = { username: 'cpe', password: 'secret' };

let acs: ScriptedAcs | undefined;
let fleet: Fleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  await acs?.close();
  fleet = undefined;
  acs = undefined;
});

async function start(
  acsOptions: ScriptedAcsOptions,
  fleetOptions: Partial<FleetOptions> = {},
): Promise<ScriptedAcs> {
  acs = new ScriptedAcs(acsOptions);
  const acsUrl = await acs.listen();
  fleet = await startFleet({
    acsUrl,
    devices: 1,
    models: [{ name: 'bm632w', weight: 1 }],
    stormSeconds: 0,
    seed: 42,
    cpeConfig: { bootSeconds: 0.2 },
    requestTimeoutMs: 5_000,
    retryPolicy: { minimumWaitSeconds: 0.2, intervalMultiplier: 2000 },
    ...fleetOptions,
  });
  return acs;
}

const eventsOf = (inform: { event: readonly { eventCode: string; commandKey: string }[] }): string[] =>
  inform.event.map((e) => (e.commandKey === '' ? e.eventCode : `${e.eventCode}|${e.commandKey}`));

function httpGet(url: string, authorization?: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: authorization === undefined ? {} : { authorization }, agent: false },
      (res) => {
        res.resume();
        resolve(res);
      },
    );
    req.on('error', reject);
  });
}

describe('a simulated CPE against a scripted ACS', () => {
  it('bootstraps with Digest and cookies, answers GPV, SPV, AddObject and Reboot, then comes back with 1 BOOT', async () => {
    const script = (_: unknown, session: number): CwmpMessage[] =>
      session === 1
        ? [
            {
              type: 'GetParameterValues',
              parameterNames: [`${IGD}DeviceInfo.SoftwareVersion`, `${IGD}Nope`],
            },
            { type: 'GetParameterValues', parameterNames: [`${IGD}DeviceInfo.SoftwareVersion`] },
            {
              type: 'SetParameterValues',
              parameterList: [
                { name: `${IGD}DeviceInfo.ProvisioningCode`, value: 'E2E', type: 'xsd:string' },
              ],
              parameterKey: 'k1',
            },
            { type: 'AddObject', objectName: `${WAN}PortMapping.`, parameterKey: 'k2' },
            { type: 'Reboot', commandKey: 'rb1' },
          ]
        : [];
    const server = await start(
      { script, credentials: CREDS },
      { username: CREDS.username, password: CREDS.password },
    );
    await server.sessionsEnded(2);

    const [first, second] = server.sessions;
    expect(eventsOf(first!.inform)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(first!.inform.deviceId).toMatchObject({ oui: '202BC1', productClass: 'BM632w' });
    expect(first!.inform.deviceId.serialNumber).toMatch(/^8KA8WA11\d{8}$/);
    expect(first!.responses.map((r) => r.body.type)).toEqual([
      'Fault',
      'GetParameterValuesResponse',
      'SetParameterValuesResponse',
      'AddObjectResponse',
      'RebootResponse',
    ]);
    const [gpvFault, gpv, , add] = first!.responses.map((r) => r.body);
    expect(gpvFault?.type === 'Fault' && gpvFault.detail?.faultCode).toBe(9005);
    expect(gpv).toEqual({
      type: 'GetParameterValuesResponse',
      parameterList: [
        { name: `${IGD}DeviceInfo.SoftwareVersion`, value: 'V100R001IRQC56B017', type: 'xsd:string' },
      ],
    });
    expect(add).toEqual({ type: 'AddObjectResponse', instanceNumber: 1, status: 0 });
    expect(first!.ids.every((i) => i.echoed === i.sent)).toBe(true);

    const session1 = server.requests.filter((r) => r.session === 1);
    expect(session1[0]?.authorization).toMatch(/^Digest .*qop=auth/);
    expect(session1.slice(1).every((r) => r.cookie === 'acs-session=1')).toBe(true);

    expect(eventsOf(second!.inform)).toEqual(['M Reboot|rb1', '1 BOOT']);
    const values = new Map(second!.inform.parameterList.map((p) => [p.name, p.value]));
    expect(values.get(`${IGD}ManagementServer.ParameterKey`)).toBe('k2');
    expect(values.get(`${IGD}DeviceInfo.ProvisioningCode`)).toBe('E2E');
    // The ACS has sent its 204; the device counts the session a moment later.
    await vi.waitFor(() => expect(fleet!.stats().sessions).toMatchObject({ ok: 2, failed: 0 }));
  });

  it('starts a 6 CONNECTION REQUEST session on a Digest-authenticated connection request, and refuses a replay', async () => {
    const server = await start({ script: () => [] }, { crPort: 0 });
    await server.sessionsEnded(1);
    const id = fleet!.deviceIds()[0] ?? '';
    const view = fleet!.device(id);
    const url = view?.connectionRequestUrl ?? '';
    expect(
      server.sessions[0]?.inform.parameterList.find((p) => p.name.endsWith('ConnectionRequestURL'))?.value,
    ).toBe(url);

    const challenge = await httpGet(url);
    expect(challenge.statusCode).toBe(401);
    const offered = parseAuthHeader(String(challenge.headers['www-authenticate']))[0];
    if (offered === undefined) throw new Error('no challenge');
    const path = new URL(url).pathname;
    const answer = (password: string, nc: number): string =>
      digestAuthorization({
        username: view!.connectionRequestCredentials.username,
        password,
        method: 'GET',
        uri: path,
        challenge: offered,
        nc,
        cnonce: 'abc',
      });
    expect((await httpGet(url, answer('wrong', 1))).statusCode).toBe(401);
    const good = answer(view!.connectionRequestCredentials.password, 2);
    expect((await httpGet(url, good)).statusCode).toBe(200);
    expect((await httpGet(url, good)).statusCode).toBe(401);
    expect((await httpGet(`${url}x`)).statusCode).toBe(404);

    await server.sessionsEnded(2);
    expect(eventsOf(server.sessions[1]!.inform)).toEqual(['6 CONNECTION REQUEST']);
    expect(fleet!.stats().connectionRequests.accepted).toBe(1);
  });

  it('with the no-cookies quirk, never sends a Cookie header (the ACS follows the connection)', async () => {
    const server = await start(
      { script: () => [{ type: 'GetParameterValues', parameterNames: [`${IGD}DeviceInfo.UpTime`] }] },
      { quirks: { noCookies: 1, noXmlDeclaration: 0, basicAuthOnly: 0, noSoapHeader: 0 } },
    );
    await server.sessionsEnded(1);
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
    expect(server.requests.every((r) => r.cookie === undefined)).toBe(true);
    expect(server.sessions[0]?.responses[0]?.body.type).toBe('GetParameterValuesResponse');
  });

  it('with the no-XML-declaration quirk, fails the session on a declaration and retries with RetryCount', async () => {
    const server = await start(
      { script: () => [{ type: 'GetRPCMethods' }], xmlDeclaration: true },
      { quirks: { noCookies: 0, noXmlDeclaration: 1, basicAuthOnly: 0, noSoapHeader: 1 } },
    );
    const deadline = Date.now() + 5_000;
    while (server.sessions.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(server.requests[0]?.body.startsWith('<?xml')).toBe(false);
    expect(server.requests[0]?.message?.header.id).toBeUndefined();
    expect(server.sessions[1]?.inform.retryCount).toBe(1);
    expect(fleet!.stats().failures.decode).toBeGreaterThanOrEqual(1);
  });

  it('reports each session with what the ACS acknowledged: a refused Inform, then the Inform and the answered RPCs', async () => {
    const records: SessionRecord[] = [];
    const script = (_: unknown, session: number): CwmpMessage[] =>
      session === 1 ? [{ type: 'Reboot', commandKey: 'rb1' }] : [];
    const server = await start(
      { script, failFirst: { count: 1, status: 503, headers: { 'retry-after': '0' } } },
      { onSession: (_, record) => records.push(record) },
    );
    await server.sessionsEnded(1);
    await vi.waitFor(() => expect(records).toHaveLength(2));
    const [refused, done] = records;
    expect(refused).toMatchObject({ ok: false, trace: { informAcked: false, executed: [] } });
    expect(refused?.failure).toMatch(/^http-503/);
    expect(done).toMatchObject({
      ok: true,
      trace: {
        informAcked: true,
        inform: { retryCount: 1 },
        executed: [
          { request: { type: 'Reboot', commandKey: 'rb1' }, response: 'RebootResponse', acked: true },
        ],
      },
    });
    expect(done!.trace.inform.currentTime).toBe(server.sessions[0]?.inform.currentTime);
  });

  it('honours 503 Retry-After before retrying', async () => {
    const server = await start({
      script: () => [],
      failFirst: { count: 1, status: 503, headers: { 'retry-after': '1' } },
    });
    const began = Date.now();
    await server.sessionsEnded(1);
    expect(Date.now() - began).toBeGreaterThanOrEqual(950);
    expect(server.sessions[0]?.inform.retryCount).toBe(1);
    expect(fleet!.stats().failures['http-503']).toBe(1);
  });
});
