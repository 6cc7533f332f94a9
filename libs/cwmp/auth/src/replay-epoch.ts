import type { CoordinationStore } from '@headend/ports';
import { coordinationKeys } from '@headend/ports';

/** Long enough never to matter; should it expire, every CPE is re-challenged (stale) once. */
export const EPOCH_TTL_MS = 400 * 24 * 3_600_000;
const EPOCH = /^[0-9a-f]{8}$/;

/**
 * The replay store's epoch: a random uint32 kept in the store, created at first use. Nonces carry the
 * epoch they were issued in; a store that lost its data (Redis restarted empty, FLUSHALL) lost this key
 * too, gets a new epoch, and every nonce issued before is stale: a captured header whose (nonce, nc)
 * claim was lost is never accepted again. Cached per process, so a challenge costs no round trip; a
 * replica with an outdated cache learns the new epoch at its next verification.
 */
export class ReplayEpoch {
  private known: number | null = null;
  private loading: Promise<number> | null = null;

  constructor(
    private readonly store: Pick<CoordinationStore, 'put' | 'get'>,
    private readonly randomBytes: (size: number) => Uint8Array,
  ) {}

  /** The epoch to issue nonces in (one store read the first time). */
  current(): Promise<number> {
    if (this.known !== null) return Promise.resolve(this.known);
    this.loading ??= this.read().finally(() => (this.loading = null));
    return this.loading;
  }

  /** True when `epoch` is the store's epoch now; otherwise learns (or creates) the store's one. */
  async confirms(epoch: number): Promise<boolean> {
    const stored = await this.read();
    return stored === epoch;
  }

  private async read(): Promise<number> {
    const raw = await this.store.get(coordinationKeys.nonceEpoch());
    const stored = raw !== null && EPOCH.test(raw) ? Number.parseInt(raw, 16) : await this.create();
    this.known = stored;
    return stored;
  }

  private async create(): Promise<number> {
    const candidate = Buffer.from(this.randomBytes(4)).readUInt32BE(0);
    const hex = candidate.toString(16).padStart(8, '0');
    const key = coordinationKeys.nonceEpoch();
    if (await this.store.put(key, hex, EPOCH_TTL_MS, { onlyIfAbsent: true })) return candidate;
    const winner = await this.store.get(key); // another replica created it first
    return winner !== null && EPOCH.test(winner) ? Number.parseInt(winner, 16) : candidate;
  }
}
