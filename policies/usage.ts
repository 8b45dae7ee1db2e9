// Which shared resources the inventory's inference deployments use. A control on a shared
// resource (an identity, a network, an artifact store) judges only what inference depends on.
import type { Deployment, Fact, InferenceEndpoint, Inventory, ResourceBase } from './model';
import { knownElements, mapFact, resourcesOfKind } from './model';

/**
 * `used`: some deployment refers to the resource. `unused`: every reference was read and none
 * does. `undetermined`: none that was read does, but some could not be read — a control then
 * judges the resource rather than call it unused.
 */
export type Usage = 'used' | 'unused' | 'undetermined';

function refersTo(ref: string | null, resource: ResourceBase): boolean {
  return ref !== null && (ref === resource.id || ref === resource.name);
}

/** The references each endpoint makes: one fact per deployment, plus any the endpoint itself makes. */
type References = (endpoint: InferenceEndpoint) => Fact<readonly (string | null)[]>[];

function usage(inventory: Inventory, resource: ResourceBase, referencesOf: References): Usage {
  let complete = true;
  for (const endpoint of resourcesOfKind(inventory, 'endpoint')) {
    for (const refs of referencesOf(endpoint)) {
      // A reference that was read counts even when its siblings were not.
      if (knownElements(refs).some((ref) => refersTo(ref, resource))) return 'used';
      if (!refs.known) complete = false;
    }
  }
  return complete ? 'unused' : 'undetermined';
}

/** The deployments that were read, and, when some were not, the unknown standing for them. */
function deploymentReferences<T>(endpoint: InferenceEndpoint, refsOf: (d: Deployment) => Fact<readonly T[]>): Fact<readonly T[]>[] {
  const read = knownElements(endpoint.deployments).map(refsOf);
  return endpoint.deployments.known ? read : [...read, endpoint.deployments];
}

/** One reference per deployment; an unread deployment makes its reference unknown. */
function perDeployment(refOf: (d: Deployment) => Fact<string | null>): References {
  return (endpoint) => deploymentReferences(endpoint, (d) => mapFact(refOf(d), (ref) => [ref]));
}

export function identityUsage(inventory: Inventory, identity: ResourceBase): Usage {
  return usage(inventory, identity, perDeployment((d) => d.identityId));
}

/** A store is used when a deployment loads model artifacts from it or an endpoint captures data into it. */
export function artifactStoreUsage(inventory: Inventory, store: ResourceBase): Usage {
  return usage(inventory, store, (endpoint) => [
    ...deploymentReferences(endpoint, (d) => d.artifactStoreIds),
    mapFact(endpoint.dataCapture, (capture) => [capture.destinationStoreId]),
  ]);
}

export function networkUsage(inventory: Inventory, network: ResourceBase): Usage {
  return usage(inventory, network, perDeployment((d) => {
    if (!d.network.known) return d.network;
    const attachment = d.network.value;
    if (attachment === null) return { known: true, value: null, evidence: d.network.evidence };
    // Attached, but to a network the adapter could not name: it may be this one.
    if (attachment.networkId === null) return { known: false, reason: 'network id not reported', evidence: d.network.evidence };
    return { known: true, value: attachment.networkId, evidence: d.network.evidence };
  }));
}

export const STORE_NOT_USED = 'holds neither model artifacts nor captured data of any inference deployment';
