// Which shared resources the inventory's inference deployments use. A control on a shared
// resource (an identity, a network) judges only what inference actually depends on.
import type { Deployment, Fact, Inventory, ResourceBase } from './model';
import { resourcesOfKind } from './model';

/**
 * `used`: some deployment refers to the resource. `unused`: every reference was read and none
 * does. `undetermined`: none that was read does, but some could not be read — a control then
 * judges the resource rather than call it unused.
 */
export type Usage = 'used' | 'unused' | 'undetermined';

function refersTo(ref: string | null, resource: ResourceBase): boolean {
  return ref !== null && (ref === resource.id || ref === resource.name);
}

function usage(inventory: Inventory, resource: ResourceBase, refOf: (d: Deployment) => Fact<string | null>): Usage {
  let complete = true;
  for (const endpoint of resourcesOfKind(inventory, 'endpoint')) {
    if (!endpoint.deployments.known) {
      complete = false;
      continue;
    }
    for (const deployment of endpoint.deployments.value) {
      const ref = refOf(deployment);
      if (!ref.known) complete = false;
      else if (refersTo(ref.value, resource)) return 'used';
    }
  }
  return complete ? 'unused' : 'undetermined';
}

export function identityUsage(inventory: Inventory, identity: ResourceBase): Usage {
  return usage(inventory, identity, (d) => d.identityId);
}

export function networkUsage(inventory: Inventory, network: ResourceBase): Usage {
  return usage(inventory, network, (d) => {
    if (!d.network.known) return d.network;
    const attachment = d.network.value;
    if (attachment === null) return { known: true, value: null, evidence: d.network.evidence };
    // Attached, but to a network the adapter could not name: it may be this one.
    if (attachment.networkId === null) return { known: false, reason: 'network id not reported', evidence: d.network.evidence };
    return { known: true, value: attachment.networkId, evidence: d.network.evidence };
  });
}
