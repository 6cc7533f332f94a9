import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCli } from './cli.js';
import type { Fleet } from './fleet.js';
import { startFleet } from './fleet.js';
import { ScriptedAcs } from './testing/scripted-acs.js';

/** A self-signed certificate for 127.0.0.1, made for this run (openssl is on every dev machine and CI). */
let dir = '';
let tls: { key: Buffer; cert: Buffer };
let acs: ScriptedAcs | undefined;
let fleet: Fleet | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cpe-sim-tls-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  tls = { key: readFileSync(key), cert: readFileSync(cert) };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  await fleet?.stop();
  await acs?.close();
  fleet = undefined;
  acs = undefined;
});

/** The simulator as the command line configures it, one device, against a scripted ACS over TLS. */
async function run(flags: string[]): Promise<{ acs: ScriptedAcs; fleet: Fleet; url: string }> {
  acs = new ScriptedAcs({ script: () => [{ type: 'GetRPCMethods' }], tls });
  const url = await acs.listen();
  const cli = parseCli([
    '--acs-url',
    url,
    '--devices',
    '1',
    '--models',
    'bm632w',
    '--storm-seconds',
    '0',
    ...flags,
  ]);
  fleet = await startFleet({
    ...cli.fleet,
    requestTimeoutMs: 5_000,
    retryPolicy: { minimumWaitSeconds: 0.2, intervalMultiplier: 2000 },
  });
  return { acs, fleet, url };
}

describe('the simulator over HTTPS', () => {
  it('with --insecure, completes a session with an ACS whose certificate is self-signed', async () => {
    const { acs: server, fleet: sim, url } = await run(['--insecure']);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/acs$/);
    await server.sessionsEnded(1);
    expect(server.sessions[0]?.responses[0]?.body.type).toBe('GetRPCMethodsResponse');
    await vi.waitFor(() => expect(sim.stats().sessions).toMatchObject({ ok: 1, failed: 0 }));
  });

  it('without it, refuses the certificate, counts a tls failure and says why', async () => {
    const { acs: server, fleet: sim } = await run([]);
    await vi.waitFor(() => expect(sim.stats().failures.tls).toBeGreaterThanOrEqual(1), { timeout: 5_000 });
    expect(sim.stats().sessions.ok).toBe(0);
    expect(sim.stats().failureSamples.tls).toMatch(
      /^the ACS's TLS certificate is not accepted: self[- ]signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
    );
    expect(server.requests).toEqual([]);
  });

  it('with --ca-file naming the certificate, trusts it without --insecure', async () => {
    const { acs: server, fleet: sim } = await run(['--ca-file', join(dir, 'cert.pem')]);
    await server.sessionsEnded(1);
    await vi.waitFor(() => expect(sim.stats().sessions).toMatchObject({ ok: 1, failed: 0 }));
  });
});
