// AWS in the CLI: `audit aws` (SDK readers), CloudFormation/cdk.out for `scan`, and `sim aws`.
// The real modules load when a command first needs them, so `--help` and `controls` do not load the
// AWS SDK; tests pass fakes for any of them.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Inventory } from '../../../policies/model';
import type { AwsScenario, ScenarioEntry } from '../../../sim/aws/index';
import { simulatorClientEnv } from '../../../sim/aws/client-env';
import { AuditError, UsageError, errorMessage, firstSentence } from '../errors';
import { integerParser, nonEmpty, parseEndpointUrl, parseRegionList, repeatable, resolveRegions } from '../options';
import type { CloudProvider } from '../registry';
import { withoutCredentials } from '../secrets';

type LiveModule = typeof import('../../../providers/aws/live/index');
type TemplateModule = typeof import('../../../providers/aws/template/index');
type SimModule = typeof import('../../../sim/aws/index');

export type AwsCollectOptions = Parameters<LiveModule['collectAwsInventory']>[0];
export type AwsEstateCollectOptions = Parameters<LiveModule['collectAwsEstate']>[0];
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
  /** `--organization`/`--accounts`: every account as the named role. Invalid options throw UsageError; no estate at all, AuditError. */
  collectAwsEstate(options: AwsEstateCollectOptions): Promise<Inventory>;
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
  readonly organization?: boolean;
  readonly ou?: string[][];
  readonly accounts?: string[];
  readonly roleName?: string;
  readonly accountConcurrency?: number;
  readonly includeManagementAccount?: boolean;
}

/** The most accounts audited at once: each runs --concurrency calls, so this multiplies the calls in flight. */
const MAX_ACCOUNT_CONCURRENCY = 32;
const DEFAULT_ACCOUNT_CONCURRENCY = 4;
const ACCOUNT_ID = /^\d{12}$/;
/** A million ids of 12 digits and a newline: far above any organization's account quota. */
const MAX_ACCOUNT_LIST_BYTES = 13_000_000;

/**
 * `--accounts`: ids separated by commas, or @FILE (relative to the working directory) holding a JSON array
 * of ids or one id per line (blank lines and # comments ignored): what a scheduler lists once and hands
 * to every shard.
 */
export function parseAccountList(value: string): string[] {
  let ids: string[];
  if (value.startsWith('@')) {
    const path = value.slice(1);
    let text: string;
    try {
      // A device or pipe (@/dev/stdin, @/dev/zero) could be read forever: only a regular file of a sane size is read.
      const stat = statSync(path);
      if (!stat.isFile()) throw new Error(stat.isDirectory() ? 'it is a folder' : 'it is not a regular file');
      if (stat.size > MAX_ACCOUNT_LIST_BYTES) throw new Error(`it holds ${stat.size} bytes, more than ${MAX_ACCOUNT_LIST_BYTES} (a million ids)`);
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new InvalidArgumentError(`Cannot read the account list ${path} (${errorMessage(error).split('\n')[0]}): give a file of 12-digit account ids, one per line or as a JSON array.`);
    }
    ids = text.trimStart().startsWith('[') ? jsonAccountList(text, path) : text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line !== '');
  } else {
    ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  }
  if (ids.length === 0) throw new InvalidArgumentError('No account ids: give 12-digit ids separated by commas, or @FILE with one per line or a JSON array.');
  const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (bad.length > 0) throw new InvalidArgumentError(`${bad.slice(0, 5).map((id) => `'${id}'`).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}: AWS account ids are 12 digits, e.g. 123456789012.`);
  return [...new Set(ids)];
}

function jsonAccountList(text: string, path: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`${path} starts like a JSON array but is not valid JSON (${errorMessage(error)}): give ["123456789012", ...] or one id per line.`);
  }
  if (!Array.isArray(parsed) || !parsed.every((id): id is string => typeof id === 'string')) {
    throw new InvalidArgumentError(`${path} must be a JSON array of account id strings, e.g. ["123456789012"], or one id per line.`);
  }
  return parsed.map((id) => id.trim());
}

/** `--ou`: repeatable, each a comma-separated list of OU (or root) ids. */
function parseOrganizationalUnits(value: string): string[] {
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new InvalidArgumentError('Give at least one organizational unit id, e.g. --ou ou-ab12-34cd56ef.');
  return ids;
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
    collectAwsEstate: async (options) => {
      const module = live();
      try {
        return await module.collectAwsEstate(options);
      } catch (error) {
        if (error instanceof module.AwsAuditOptionsError) throw new UsageError(error.message);
        if (error instanceof module.OrganizationListingError || error instanceof module.CallerIdentityError) {
          throw new AuditError(`The AWS audit could not run: ${error.message}.`);
        }
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

/**
 * Which accounts the options choose: an estate (`--organization` or `--accounts`, with `--role-name`) or,
 * undefined, the one account of the credentials (or of `--role-arn`). Contradictions are usage errors
 * that say what to change.
 */
function checkAccountOptions(flags: AwsAuditFlags, sharded: boolean): AwsEstateCollectOptions['source'] | undefined {
  if (flags.organization && flags.accounts) {
    throw new UsageError('--organization and --accounts both choose the accounts: give one (--organization to list them with AWS Organizations, --accounts for a list you already have).');
  }
  if (flags.ou && !flags.organization) throw new UsageError('--ou narrows --organization to organizational units: add --organization.');
  if (flags.includeManagementAccount && !flags.organization) throw new UsageError('--include-management-account goes with --organization (with --accounts, list the management account among the accounts).');
  if (!flags.organization && !flags.accounts) {
    if (sharded) {
      throw new UsageError('--shard splits an estate of accounts: add --organization (list the member accounts with AWS Organizations) or --accounts <ids|@file>, with --role-name NAME (the auditor role in each account).');
    }
    if (flags.roleName) throw new UsageError('--role-name names the role to assume in each account of --organization or --accounts: add one of them, or use --role-arn ARN to audit a single account as a role.');
    if (flags.accountConcurrency !== undefined) throw new UsageError('--account-concurrency goes with --organization or --accounts: one account is audited otherwise (--concurrency sets its call budget).');
    if (!flags.roleArn && (flags.externalId || flags.roleSessionName)) throw new UsageError('--external-id and --role-session-name go with --role-arn or --role-name: name the role to assume.');
    return undefined;
  }
  if (flags.roleArn) throw new UsageError('--role-arn audits one account: with --organization or --accounts give --role-name NAME, the role\'s name in every account.');
  if (!flags.roleName) throw new UsageError('--organization and --accounts need --role-name NAME: the read-only auditor role deployed in every account (e.g. InferguardAuditor, by the auditor StackSet).');
  if (!flags.organization) return { accounts: flags.accounts! };
  return {
    organization: {
      ...(flags.ou ? { organizationalUnits: [...new Set(flags.ou.flat())] } : {}),
      ...(flags.includeManagementAccount ? { includeManagementAccount: true } : {}),
    },
  };
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
          .option('--role-session-name <name>', 'the session name CloudTrail shows in the audited account (with --role-arn or --role-name; default inferguard-audit)', nonEmpty('The session name'))
          .option('--organization', "audit every ACTIVE account of the AWS Organization but the management account, listed with the caller's credentials (the management account or a delegated administrator), each as --role-name")
          .option('--include-management-account', 'with --organization: audit the management account too, as --role-name (deploy the role there yourself: service-managed StackSets skip it)')
          .option('--ou <ids>', 'with --organization: only accounts under these organizational units, at any depth (comma-separated or repeated)', repeatable(parseOrganizationalUnits), undefined)
          .option('--accounts <ids|@file>', 'audit these accounts, each as --role-name: 12-digit ids separated by commas, or @FILE with one per line or a JSON array (no Organizations call)', parseAccountList)
          .option('--role-name <name>', 'with --organization or --accounts: the read-only auditor role in every account (arn:<partition>:iam::<account>:role/<name>)', nonEmpty('The role name'))
          .option('--account-concurrency <n>', `with --organization or --accounts: accounts audited at once, 1 to ${MAX_ACCOUNT_CONCURRENCY} (default ${DEFAULT_ACCOUNT_CONCURRENCY}); --concurrency is each account's call budget`, integerParser(1, MAX_ACCOUNT_CONCURRENCY));
      },
      describeTarget(raw, env) {
        const flags = raw as AwsAuditFlags;
        const regions = resolveRegions(flags.regions, env);
        const at = flags.endpointUrl ? ` at ${withoutCredentials(flags.endpointUrl)}` : '';
        const where = regions.length ? regions.join(', ') : "the profile's region";
        if (flags.organization) return `AWS resources of the organization's accounts${flags.ou ? ` under ${flags.ou.flat().join(', ')}` : ''} in ${where}${at}`;
        if (flags.accounts) return `AWS resources of ${flags.accounts.length} account${flags.accounts.length === 1 ? '' : 's'} in ${where}${at}`;
        return `AWS resources in ${where}${at}`;
      },
      async collect(raw, common, env) {
        const flags = raw as AwsAuditFlags;
        const regions = resolveRegions(flags.regions, env);
        const estate = checkAccountOptions(flags, common.shard !== undefined);
        try {
          await deps.checkAwsCredentials(flags.profile);
        } catch (error) {
          throw credentialsFailure(error, flags.profile);
        }
        const connection = {
          regions,
          ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
          ...(flags.profile ? { profile: flags.profile } : {}),
          concurrency: common.concurrency,
          requestTimeoutMs: common.requestTimeoutMs,
          onProgress: common.onProgress,
        };
        try {
          if (estate) {
            return await deps.collectAwsEstate({
              ...connection,
              source: estate,
              roleName: flags.roleName!,
              ...(flags.externalId ? { externalId: flags.externalId } : {}),
              ...(flags.roleSessionName ? { sessionName: flags.roleSessionName } : {}),
              ...(common.shard ? { shard: common.shard } : {}),
              accountConcurrency: flags.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY,
            });
          }
          return await deps.collectAwsInventory({
            ...connection,
            ...(flags.roleArn ? { assumeRole: { roleArn: flags.roleArn, ...(flags.externalId ? { externalId: flags.externalId } : {}), ...(flags.roleSessionName ? { sessionName: flags.roleSessionName } : {}) } } : {}),
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
