import { randomBytes } from 'node:crypto';
import type { CwmpMessage, CwmpNamespace } from '@headend/cwmp-codec';
import { CWMP_NAMESPACES, decodeCwmp, encodeCwmp } from '@headend/cwmp-codec';
import {
  derivedPassword,
  digestAuthorization,
  findDigestChallenge,
  parseChallenges,
} from '@headend/cwmp-auth';
import { deviceIdOf } from '@headend/events';

export interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The decoded CWMP message, when the body was one. */
  readonly message: CwmpMessage | null;
  readonly cwmpId: string | undefined;
}

/**
 * A CPE driven step by step by a test: it keeps the session cookie, answers Digest challenges with
 * the derived password, and encodes and decodes through the codec.
 */
export class ScriptedCpe {
  readonly deviceId: string;
  private cookie: string | undefined;
  private nc = 0;
  private challenge: ReturnType<typeof findDigestChallenge> | undefined;

  constructor(
    private readonly url: string,
    readonly serial: string,
    private readonly options: {
      deriveSecret?: string;
      password?: string;
      namespace?: CwmpNamespace;
      /** CWMP 1.3+ SessionTimeout header (seconds) on every message. */
      sessionTimeout?: number;
      /** The Digest user name (the device id its raw Informs name), instead of one built from `serial`. */
      deviceId?: string;
      /** False: a CPE that ignores cookies (known by its connection or its credentials). */
      cookies?: boolean;
      /** Credentials on every request once challenged (the last nonce, the next nonce count). */
      preemptive?: boolean;
    } = {},
  ) {
    this.deviceId =
      options.deviceId ?? deviceIdOf({ oui: '00259E', productClass: 'HG8245', serialNumber: serial });
  }

  /** An Inform; a CPE retrying a failed session counts its attempts in RetryCount (TR-069 3.2.1.1). */
  inform(events: readonly string[] = ['2 PERIODIC'], retryCount = 0): Promise<Exchange> {
    return this.send(
      {
        type: 'Inform',
        deviceId: {
          manufacturer: 'Huawei',
          oui: '00259E',
          productClass: 'HG8245',
          serialNumber: this.serial,
        },
        event: events.map((eventCode) => ({ eventCode, commandKey: '' })),
        maxEnvelopes: 1,
        currentTime: '2026-11-22T10:00:00Z',
        retryCount,
        parameterList: [
          { name: 'InternetGatewayDevice.DeviceInfo.SoftwareVersion', value: 'V1', type: 'xsd:string' },
        ],
      },
      'inform-1',
    );
  }

  /** Sends a message (or, with null, the empty POST). */
  send(message: CwmpMessage | null, cwmpId?: string): Promise<Exchange> {
    return this.sendRaw(
      message === null
        ? ''
        : encodeCwmp({
            namespace: this.options.namespace ?? CWMP_NAMESPACES['1.0'],
            header: {
              ...(cwmpId ? { id: cwmpId } : {}),
              ...(this.options.sessionTimeout === undefined
                ? {}
                : { sessionTimeout: this.options.sessionTimeout }),
            },
            body: message,
          }),
    );
  }

  /** Sends a body as it is (what the strict encoder would refuse to write), answering a challenge. */
  async sendRaw(body: string): Promise<Exchange> {
    const preemptive = this.options.preemptive && this.challenge ? this.authorization() : undefined;
    let response = await this.post(body, preemptive);
    if (response.status === 401) {
      const challenge = findDigestChallenge(this.challenges(response.headers));
      if (!challenge) throw new Error('401 without a Digest challenge');
      this.challenge = challenge;
      response = await this.post(body, this.authorization());
    }
    return response;
  }

  private authorization(): string {
    if (!this.challenge) throw new Error('no Digest challenge yet');
    this.nc++;
    const password =
      this.options.password ??
      derivedPassword(Buffer.from(this.options.deriveSecret ?? '', 'hex'), this.deviceId);
    return digestAuthorization({
      challenge: this.challenge,
      username: this.deviceId,
      password,
      method: 'POST',
      uri: '/',
      nc: this.nc,
      cnonce: randomBytes(8).toString('hex'),
    });
  }

  private challenges(headers: Headers) {
    const parsed = parseChallenges(headers.get('www-authenticate') ?? '');
    return parsed.ok ? parsed.challenges : [];
  }

  private async post(body: string, authorization: string | undefined): Promise<Exchange> {
    const response = await fetch(this.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'text/xml; charset="utf-8"',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(authorization ? { authorization } : {}),
      },
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie && this.options.cookies !== false) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    const decoded = text.trim() === '' ? null : decodeCwmp(text);
    const message = decoded?.ok && decoded.kind === 'message' ? decoded.envelope.body : null;
    const cwmpId = decoded?.ok && decoded.kind === 'message' ? decoded.envelope.header.id : undefined;
    return { status: response.status, headers: response.headers, text, message, cwmpId };
  }
}
