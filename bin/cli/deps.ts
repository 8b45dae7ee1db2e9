// What the commands call in the rest of the project. Each real module is loaded when a command
// first needs it, so `--help` and `controls` do not load the AWS SDK, and tests can pass fakes.
import type { AnyControl } from '../../policies/control';
import type { Baseline } from '../../policies/evaluate';
import type { Inventory } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import type { AwsScenario, ScenarioEntry } from '../../sim/aws/index';
import { UsageError } from './errors';

type LiveModule = typeof import('../../providers/aws/live/index');
type TemplateModule = typeof import('../../providers/aws/template/index');
type BaselineModule = typeof import('../../policies/baseline');
type ControlsModule = typeof import('../../policies/controls/index');
type DocsModule = typeof import('../../policies/docs');
type SimModule = typeof import('../../sim/aws/index');

export type AwsCollectOptions = Parameters<LiveModule['collectAwsInventory']>[0];
export type SimOptions = NonNullable<Parameters<SimModule['startAwsSimulator']>[1]>;
export type FaultRule = ReturnType<SimModule['parseFaultRule']>;

export interface RunningSimulator {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface CliDeps {
  defaultBaseline(): Baseline;
  /** Reads a user's config file; a bad file throws UsageError with a message fit for the user. */
  loadConfig(path: string): { baseline: Baseline; waivers: readonly Waiver[] };
  /** Invalid options (e.g. no region anywhere) throw UsageError. */
  collectAwsInventory(options: AwsCollectOptions): Promise<Inventory>;
  /** A template that cannot be parsed or understood throws UsageError. */
  readCloudFormation(path: string, options?: { readonly parametersFile?: string }): Promise<Inventory>;
  allControls(): readonly AnyControl[];
  renderControlsMarkdown(controls: readonly AnyControl[]): string;
  awsScenarios(): Readonly<Record<string, ScenarioEntry>>;
  parseFaultRule(text: string): FaultRule;
  startAwsSimulator(scenario: AwsScenario, options: SimOptions): Promise<RunningSimulator>;
}

const live = (): LiveModule => require('../../providers/aws/live/index');
const template = (): TemplateModule => require('../../providers/aws/template/index');
const baseline = (): BaselineModule => require('../../policies/baseline');
const controls = (): ControlsModule => require('../../policies/controls/index');
const docs = (): DocsModule => require('../../policies/docs');
const sim = (): SimModule => require('../../sim/aws/index');

export function realDeps(): CliDeps {
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
    collectAwsInventory: async (options) => {
      const module = live();
      try {
        return await module.collectAwsInventory(options);
      } catch (error) {
        if (error instanceof module.AwsAuditOptionsError) throw new UsageError(error.message);
        throw error;
      }
    },
    readCloudFormation: async (path, options = {}) => {
      const module = template();
      try {
        const parameters = options.parametersFile === undefined ? {} : await module.readParameterValues(options.parametersFile);
        return await module.readCloudFormation(path, parameters);
      } catch (error) {
        // The template itself is wrong: the user's input, like a bad config file.
        if (error instanceof module.TemplateError || error instanceof module.TemplateParseError) throw new UsageError(error.message);
        throw error;
      }
    },
    allControls: () => controls().allControls,
    renderControlsMarkdown: (list) => docs().renderControlsMarkdown([...list]),
    awsScenarios: () => sim().awsScenarios,
    parseFaultRule: (text) => sim().parseFaultRule(text),
    startAwsSimulator: (scenario, options) => sim().startAwsSimulator(scenario, options),
  };
}
