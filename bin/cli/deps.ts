// What the commands call in the rest of the project. Each real module is loaded when a command
// first needs it, so `--help` and `controls` do not load a cloud SDK, and tests can pass fakes.
// Cloud-specific dependencies live with each cloud's registration (bin/cli/providers/).
import type { AnyControl } from '../../policies/control';
import type { Baseline } from '../../policies/evaluate';
import type { Waiver } from '../../policies/waivers';
import { UsageError } from './errors';
import { registeredProviders, realProviderDeps } from './providers/index';
import type { DriftDeps } from './drift';
import type { CloudProvider } from './registry';

type BaselineModule = typeof import('../../policies/baseline');
type ControlsModule = typeof import('../../policies/controls/index');
type DocsModule = typeof import('../../policies/docs');

export interface CliDeps {
  defaultBaseline(): Baseline;
  /** Reads a user's config file; a bad file throws UsageError with a message fit for the user. */
  loadConfig(path: string): { baseline: Baseline; waivers: readonly Waiver[] };
  allControls(): readonly AnyControl[];
  renderControlsMarkdown(controls: readonly AnyControl[]): string;
  /** The registered clouds, in the order help lists them. */
  readonly providers: readonly CloudProvider[];
  /** Replacements for what `drift` calls (snapshot store, configuration comparison, retry timing); real ones otherwise. */
  readonly drift?: Partial<DriftDeps>;
}

const baseline = (): BaselineModule => require('../../policies/baseline');
const controls = (): ControlsModule => require('../../policies/controls/index');
const docs = (): DocsModule => require('../../policies/docs');

export function realDeps(providers: readonly CloudProvider[] = registeredProviders(realProviderDeps())): CliDeps {
  return {
    defaultBaseline: () => baseline().defaultBaseline(),
    loadConfig: (path) => {
      const module = baseline();
      try {
        return module.loadConfigFile(path);
      } catch (error) {
        if (error instanceof module.ConfigError) throw new UsageError(error.message);
        throw error;
      }
    },
    allControls: () => controls().allControls,
    renderControlsMarkdown: (list) => docs().renderControlsMarkdown([...list]),
    providers,
  };
}
