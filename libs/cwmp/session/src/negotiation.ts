import type { CwmpHeader, CwmpNamespace, CwmpVersion } from '@headend/cwmp-codec';
import { CWMP_NAMESPACES, cwmpVersionOf } from '@headend/cwmp-codec';

const ACS_VERSIONS: readonly CwmpVersion[] = ['1.0', '1.1', '1.2', '1.3', '1.4'];

export interface Negotiated {
  readonly namespace: CwmpNamespace;
  readonly cwmpVersion: CwmpVersion;
  /** Set when the CPE offered SupportedCWMPVersions: the InformResponse carries UseCWMPVersion. */
  readonly useCwmpVersion?: CwmpVersion;
}

/**
 * CWMP 1.4 version negotiation (TR-069 Amendment 5, A.3.1): a CPE that sends SupportedCWMPVersions
 * gets the highest version both sides support, and the session continues in that version's
 * namespace. Otherwise the session stays in the namespace the Inform came in.
 */
export function negotiateVersion(informNamespace: CwmpNamespace, header: CwmpHeader): Negotiated {
  const offered = header.supportedCwmpVersions
    ?.split(',')
    .map((version) => version.trim())
    .filter((version): version is CwmpVersion => (ACS_VERSIONS as readonly string[]).includes(version));
  const best = offered?.sort().at(-1);
  if (best !== undefined)
    return { namespace: CWMP_NAMESPACES[best], cwmpVersion: best, useCwmpVersion: best };
  // A namespace newer than 1.4 is answered as it came, recorded as 1.4 (the newest we know).
  return { namespace: informNamespace, cwmpVersion: cwmpVersionOf(informNamespace) ?? '1.4' };
}
