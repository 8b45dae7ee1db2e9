import type { Status } from '../../policies/control';
import type { Inventory, Provider } from '../../policies/model';

/** One model scenario and the status a control must give the named resource. */
export interface ControlFixture {
  readonly name: string;
  readonly provider: Provider;
  readonly inventory: Inventory;
  readonly resourceId: string;
  readonly expect: Status;
  /** Parameter overrides for this fixture (validated through the control's schema). */
  readonly parameters?: Record<string, unknown>;
  /** Optional substring the message must contain. */
  readonly messageIncludes?: string;
}
