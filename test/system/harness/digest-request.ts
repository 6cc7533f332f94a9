import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { digestAuthorization, findDigestChallenge, parseChallenges } from '@headend/cwmp-auth';
import { CWMP_NAMESPACES, encodeCwmp } from '@headend/cwmp-codec';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** An Inform of the HG8245 test model naming `serialNumber`. */
export function informXml(serialNumber: string, oui = '00259E', productClass = 'HG8245'): string {
  return encodeCwmp({
    namespace: CWMP_NAMESPACES['1.0'],
    header: { id: 'i1' },
    body: {
      type: 'Inform',
      deviceId: { manufacturer: 'Huawei', oui, productClass, serialNumber },
      event: [{ eventCode: '2 PERIODIC', commandKey: '' }],
      maxEnvelopes: 1,
      currentTime: '2026-11-22T10:00:00Z',
      retryCount: 0,
      parameterList: [],
    },
  });
}

/** POSTs on a new connection (no session can be bound to it). */
export function postFresh(
  port: number,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): Promise<Answer> {
  return new Promise((done, fail) => {
    const post = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', agent: false, headers },
      (answer) => {
        let text = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (text += chunk));
        answer.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(answer.headers))
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          done({ status: answer.statusCode ?? 0, headers: flat, text });
        });
      },
    );
    post.on('error', fail);
    post.end(body);
  });
}

/** A Digest Authorization header for a request to the gateway, after asking it for a challenge. */
export async function authorize(
  port: number,
  username: string,
  password: string,
  options: { nc?: number; nonce?: string } = {},
): Promise<string> {
  let nonce = options.nonce;
  let realm = 'headend';
  if (nonce === undefined) {
    const challenged = await postFresh(port, '');
    const parsed = parseChallenges(challenged.headers['www-authenticate'] ?? '');
    const challenge = parsed.ok ? findDigestChallenge(parsed.challenges) : null;
    if (!challenge) throw new Error(`no Digest challenge (HTTP ${challenged.status})`);
    nonce = challenge.nonce;
    realm = challenge.realm;
  }
  return digestAuthorization({
    challenge: { realm, nonce, algorithm: 'MD5', qop: ['auth'] },
    username,
    password,
    method: 'POST',
    uri: '/',
    nc: options.nc ?? 1,
    cnonce: randomBytes(8).toString('hex'),
  });
}

/** The nonce of a Digest Authorization header. */
export function nonceOf(authorization: string): string {
  return /nonce="([^"]+)"/.exec(authorization)?.[1] ?? '';
}

/** A counter's value from an app's /metrics (0 when absent). */
export async function counterOf(healthPort: number, series: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
