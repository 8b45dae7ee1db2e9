// AWS in the CLI: `audit aws` (SDK readers), CloudFormation/cdk.out for `scan`, and `sim aws`.
// The real modules load when a command first needs them, so `--help` and `controls` do not load the
// AWS SDK; tests pass fakes for any of them.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Inventory } from '../../../policies/model';
import type { AwsScenario, ScenarioEntry } from '../../../sim/aws/index';
import { simulatorClientEnv } from '../../../sim/aws/client-env';
import { AuditError, UsageError, errorMessage, firstSentence } from '../errors';
import { nonEmpty, parseEndpointUrl, parseRegionList, resolveRegions } from '../options';
import type { CloudProvider } from '../registry';
import { withoutCredentials } from '../secrets';

type LiveModule = typeof import('../../../providers/aws/live/index');
type TemplateModule = typeof import('../../../providers/aws/template/index');
type SimModule = typeof import('../../../sim/aws/index');

export type AwsCollectOptions = Parameters<LiveModule['collectAwsInventory']>[0];
export type AwsSimOptions = NonNullable<Parameters<SimModule['startAwsSimulator']>[1]>;
export type FaultRule = ReturnType<SimModule['parseFaultRule']>;

export interface RunningAwsSimulator {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** What the AWS commands call in the rest of the project. */
export interface AwsCliDeps {
  /** Invalid options (e.g. no region anywhere) throw UsageError. */
  collectAwsInventory(options: AwsCollectOptions): Promise<Inventory>;
  /** Resolves credentials the way the readers will; rejects when there are none. */
  checkAwsCredentials(profile: string | undefined): Promise<void>;
  /** A template that cannot be parsed or understood, or a bad parameters file, throws UsageError. */
  readCloudFormation(path: string, options?: { readonly parametersFile?: string }): Promise<Inventory>;
  awsScenarios(): Readonly<Record<string, ScenarioEntry>>;
  parseFaultRule(text: string): FaultRule;
  startAwsSimulator(scenario: AwsScenario, options: AwsSimOptions): Promise<RunningAwsSimulator>;
}

interface AwsAuditFlags {
  readonly regions?: string[];
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly roleSessionName?: string;
}

const live = (): LiveModule => require('../../../providers/aws/live/index');
const template = (): TemplateModule => require('../../../providers/aws/template/index');
const sim = (): SimModule => require('../../../sim/aws/index');

export function realAwsDeps(): AwsCliDeps {
  return {
    collectAwsInventory: async (options) => {
      const module = live();
      try {
        return await module.collectAwsInventory(options);
      } catch (error) {
        if (error instanceof module.AwsAuditOptionsError) throw new UsageError(error.message);
        if (error instanceof module.AssumeRoleError) throw new AuditError(`The AWS audit could not run: ${error.message}.`);
        throw error;
      }
    },
    checkAwsCredentials: async (profile) => {
      const { SageMakerClient } = require('@aws-sdk/client-sagemaker') as typeof import('@aws-sdk/client-sagemaker');
      // The region does not matter for finding credentials; a fixed one keeps the check from failing on a missing region.
      const client = new SageMakerClient({ region: 'us-east-1', ...(profile ? { profile } : {}) });
      try {
        await client.config.credentials();
      } finally {
        client.destroy();
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
    awsScenarios: () => sim().awsScenarios,
    parseFaultRule: (text) => sim().parseFaultRule(text),
    startAwsSimulator: (scenario, options) => sim().startAwsSimulator(scenario, options),
  };
}

/**
 * One line for credentials that cannot be loaded, naming the profile when one was chosen. No cause is
 * kept: the SDK's message is in the line, and its stack says nothing more.
 */
function credentialsFailure(error: unknown, profile: string | undefined): AuditError {
  const sdk = errorMessage(error).split('\n')[0].replace(/\.$/, '');
  const fix = profile
    ? `Check the name (aws configure list-profiles) and its entry in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE).`
    : 'Configure credentials: --profile NAME or AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  return new AuditError(`The AWS audit could not run: no credentials${profile ? ` for AWS profile "${profile}"` : ''} (${sdk}). ${fix}`);
}

function isCredentialsError(error: unknown): boolean {
  return error instanceof Error && error.name === 'CredentialsProviderError';
}

function auditFailure(error: unknown, profile: string | undefined): Error {
  if (error instanceof UsageError || error instanceof AuditError) return error;
  if (isCredentialsError(error)) return credentialsFailure(error, profile);
  return new AuditError(`The AWS audit could not run: ${firstSentence(error)}`, { cause: error });
}

export function awsProvider(deps: AwsCliDeps): CloudProvider {
  return {
    name: 'aws',
    title: 'AWS',
    audit: {
      description: 'audit SageMaker inference endpoints and what they use, read-only, in one AWS account',
      addOptions(command: Command) {
        command
          .option('--regions <list>', 'comma-separated regions (default: AWS_REGION, then AWS_DEFAULT_REGION, then the profile\'s region)', parseRegionList)
          .option('--endpoint-url <url>', 'send every AWS call to this endpoint (a simulator, a private API endpoint); the SDK also reads AWS_ENDPOINT_URL', parseEndpointUrl)
          .option('--profile <name>', 'AWS profile from the shared config and credentials files (default: AWS_PROFILE, then the standard chain)', nonEmpty('The profile name'))
          .option('--role-arn <arn>', 'audit as this IAM role (sts:AssumeRole with the profile\'s credentials): e.g. the read-only auditor role in the account to audit', nonEmpty('The role ARN'))
          .option('--external-id <id>', 'the external id the role\'s trust policy demands (with --role-arn)', nonEmpty('The external id'))
          .option('--role-session-name <name>', 'the session name CloudTrail shows in the audited account (with --role-arn; default inferguard-audit)', nonEmpty('The session name'));
      },
      describeTarget(raw, env) {
        const flags = raw as AwsAuditFlags;
        const regions = resolveRegions(flags.regions, env);
        const at = flags.endpointUrl ? ` at ${withoutCredentials(flags.endpointUrl)}` : '';
        return `AWS resources in ${regions.length ? regions.join(', ') : "the profile's region"}${at}`;
      },
      async collect(raw, common, env) {
        const flags = raw as AwsAuditFlags;
        // Until this cloud discovers an estate to split, a shard would silently audit everything or nothing.
        if (common.shard) throw new UsageError('--shard is not supported by this cloud yet.');
        const regions = resolveRegions(flags.regions, env);
        if (!flags.roleArn && (flags.externalId || flags.roleSessionName)) throw new UsageError('--external-id and --role-session-name go with --role-arn: name the role to assume.');
        try {
          await deps.checkAwsCredentials(flags.profile);
        } catch (error) {
          throw credentialsFailure(error, flags.profile);
        }
        try {
          return await deps.collectAwsInventory({
            regions,
            ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
            ...(flags.profile ? { profile: flags.profile } : {}),
            ...(flags.roleArn ? { assumeRole: { roleArn: flags.roleArn, ...(flags.externalId ? { externalId: flags.externalId } : {}), ...(flags.roleSessionName ? { sessionName: flags.roleSessionName } : {}) } } : {}),
            concurrency: common.concurrency,
            requestTimeoutMs: common.requestTimeoutMs,
            onProgress: common.onProgress,
          });
        } catch (error) {
          throw auditFailure(error, flags.profile);
        }
      },
    },
    templates: [
      {
        describes: 'a CloudFormation template (.json, .yaml, .yml) or a cdk.out folder',
        // The CloudFormation reader tells JSON from YAML by content, so it takes any file or folder.
        accepts: () => true,
        addOptions(command: Command) {
          command.option(
            '--parameters <file>',
            'CloudFormation parameter values of the deployment: the CLI\'s JSON ([{ParameterKey, ParameterValue}]) or Key=Value pairs',
          );
        },
        read: (path, flags, { cwd }) => {
          const parameters = flags.parameters;
          return deps.readCloudFormation(path, typeof parameters === 'string' ? { parametersFile: resolve(cwd, parameters) } : {});
        },
      },
    ],
    simulator: {
      scenarios: () => deps.awsScenarios(),
      checkFault: (rule) => void deps.parseFaultRule(rule),
      async start(name, options) {
        const entry = deps.awsScenarios()[name];
        if (!entry) throw new Error(`no AWS scenario ${name}`);
        const scenario = entry.build();
        const regions = Object.keys(scenario.regions);
        const simulator = await deps.startAwsSimulator(scenario, {
          host: options.host,
          port: options.port,
          ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
          ...(options.faults.length ? { faults: options.faults.map((rule) => deps.parseFaultRule(rule)) } : {}),
        });
        return {
          url: simulator.url,
          port: simulator.port,
          summary: `AWS simulator serving scenario "${name}" (account ${scenario.account}, regions ${regions.join(', ')})`,
          clientEnv: simulatorClientEnv(simulator.url, regions[0] ?? 'us-east-1'),
          close: () => simulator.close(),
        };
      },
    },
  };
}
