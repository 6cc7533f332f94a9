import type { IncomingMessage } from 'node:http';
import type { AuthRefusal, AuthSuccess, Authenticator } from '@headend/cwmp-auth';
import type { Authentication, CwmpResponse } from '@headend/cwmp-gateway';
import { parseDeviceId } from '@headend/events';
import type { GatewayMetrics } from '../metrics.js';
import { WarnLimiter } from './warn-limiter.js';

/**
 * Refusals that are normal CPE behaviour: a CPE re-using its last nonce (with nc=1 again, every
 * session), a nonce that expired, one issued before Redis lost its data. Re-challenged quietly,
 * counted in headend_cwmp_auth_rechallenges_total.
 */
const QUIET = new Set<AuthRefusal['reason']>(['missing', 'stale-nonce', 'stale-epoch', 'replay']);
export type RechallengeReason = 'stale-nonce' | 'stale-epoch' | 'replay';

/** The gateway's side of authentication: the authenticator's answers as HTTP, metrics and logs. */
export class CpeAuth {
  private readonly warnings = new WarnLimiter(20, 10_000);

  constructor(
    private readonly authenticator: Authenticator,
    private readonly metrics: GatewayMetrics,
    /** Basic is accepted only when TLS ends here; behind a TLS proxy the gateway cannot know. */
    private readonly secure: boolean,
  ) {}

  authenticate(request: IncomingMessage) {
    const value = request.headers.authorization;
    return this.authenticator.authenticate({
      authorization: typeof value === 'string' ? value : undefined,
      method: request.method ?? 'POST',
      uri: request.url ?? '/',
      secure: this.secure,
      now: Date.now(),
    });
  }

  /**
   * The identity the gateway works with: `pre` when the credentials were checked before the body,
   * else checked now; with `deviceId` (an Inform), the credentials must be that device's.
   */
  async identify(
    request: IncomingMessage,
    pre: AuthSuccess | null,
    deviceId: string | undefined,
  ): Promise<Authentication> {
    const outcome = pre ?? (await this.authenticate(request));
    if (!outcome.ok) return { ok: false, response: this.refusal(outcome) };
    const usernameIsDeviceId = parseDeviceId(outcome.username) !== null;
    if (deviceId !== undefined) {
      const bound = await this.authenticator.bind(outcome, deviceId, usernameIsDeviceId);
      if (!bound.ok) return { ok: false, response: this.refusal(bound, deviceId) };
    }
    return { ok: true, scheme: outcome.scheme, deviceId: usernameIsDeviceId ? outcome.username : undefined };
  }

  /** The answer to a refusal, counted; logged (rate-limited) unless it is normal CPE behaviour. */
  refusal(outcome: AuthRefusal, deviceId?: string): CwmpResponse {
    if (outcome.reason === 'stale-nonce' || outcome.reason === 'stale-epoch' || outcome.reason === 'replay') {
      this.metrics.authRechallenge(outcome.reason);
    } else if (outcome.reason !== 'missing') {
      this.metrics.authRefusal(outcome.reason);
    }
    if (!QUIET.has(outcome.reason)) {
      // JSON.stringify escapes whatever the device sent; the codes are ours.
      this.warnings.warn({
        msg: 'authentication refused',
        code: outcome.code,
        detail: outcome.detail,
        username: outcome.username?.slice(0, 256) ?? null,
        ...(deviceId === undefined ? {} : { deviceId: deviceId.slice(0, 256) }),
      });
    }
    const answer = outcome.response;
    if (answer.status === 401) {
      this.metrics.authChallenge();
      const headers = { 'content-type': 'text/plain', 'www-authenticate': answer.wwwAuthenticate.join(', ') };
      return { status: 401, headers, body: 'authentication required\n', session: null };
    }
    return {
      status: answer.status,
      headers: { 'content-type': 'text/plain' },
      body: 'refused\n',
      session: null,
    };
  }
}
