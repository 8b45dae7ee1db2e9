// Which controls judge which fact: derived from the controls themselves, by running each one on a resource
// whose property reads are recorded. No table to keep in step with policies/: a control that starts reading
// a new fact is attributed to it on its next run.
import { allControls } from '../../../policies/controls/index';
import { appliesTo, parametersFor, type AnyControl } from '../../../policies/control';
import type { Inventory, Resource } from '../../../policies/model';

/** Segments that say how a fact is held, not which fact it is: dropped from recorded paths. */
const FACT_WRAPPER = new Set(['value', 'knownElements']);
/** Reading these is reading whether a fact is known (or why not), not its value. */
const FACT_STATUS = new Set(['known', 'reason', 'evidence']);

/**
 * The model paths (`rotationPeriodDays`, `deployments.images.digest`: fact wrappers and list positions
 * left out) whose values `control` read while judging `resource`.
 */
function pathsRead(control: AnyControl, resource: Resource, inventory: Inventory): Set<string> {
  const read = new Set<string>();
  const track = (target: object, path: readonly string[]): object =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        if (typeof property === 'symbol') return value;
        if (Array.isArray(object)) {
          // A list of values (ids, names) is read as a whole; a list of records is read field by field,
          // so counting deployments does not make a control the judge of every field of a deployment.
          const ofRecords = object.some((element) => typeof element === 'object' && element !== null);
          if (property === 'length' || /^\d+$/.test(property)) {
            if (!ofRecords) read.add(path.join('.'));
            return typeof value === 'object' && value !== null ? track(value, path) : value;
          }
          return value;
        }
        if (FACT_STATUS.has(property)) return value;
        const next = FACT_WRAPPER.has(property) ? path : [...path, property];
        if (typeof value === 'object' && value !== null) return track(value, next);
        if (typeof value !== 'function') read.add(next.join('.'));
        return value;
      },
    });
  try {
    // A copy: a proxy may not hand out a wrapped value of a frozen property, and readers may freeze what they return.
    control.evaluate(track(structuredClone(resource), []) as Resource, parametersFor(control, resource.provider, control.parameters.parse({})) as never, inventory);
  } catch {
    // A control that throws judges nothing here; evaluate() reports it elsewhere.
  }
  read.delete('');
  return read;
}

/** Control ids by the model path they read, for the resources of one pair (the IaC's and the live one). */
export function controlsReading(resources: readonly { readonly resource: Resource; readonly inventory: Inventory }[]): Map<string, Set<string>> {
  const byPath = new Map<string, Set<string>>();
  for (const { resource, inventory } of resources) {
    for (const control of allControls) {
      if (control.subject !== resource.kind || !appliesTo(control, resource.provider)) continue;
      for (const path of pathsRead(control, resource, inventory)) {
        const ids = byPath.get(path) ?? new Set<string>();
        ids.add(control.id);
        byPath.set(path, ids);
      }
    }
  }
  return byPath;
}

/** `deployments[AllTraffic].images[0].digest` -> `deployments.images.digest`. */
export function modelPath(factPath: string): string {
  return factPath.replace(/\[[^\]]*\]/g, '');
}

/**
 * The controls that judge the fact at `factPath`: those that read it, a part of it, or a whole it is part of
 * (a difference in a list of deployments concerns every control that reads something of a deployment).
 */
export function controlIdsFor(factPath: string, byPath: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const path = modelPath(factPath);
  const ids = new Set<string>();
  for (const [read, controls] of byPath) {
    if (read === path || read.startsWith(`${path}.`) || path.startsWith(`${read}.`)) for (const id of controls) ids.add(id);
  }
  return [...ids].sort();
}
