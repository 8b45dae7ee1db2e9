import type { Command } from 'commander';
import { FORMAT_NAMES } from '../../checker/report/index';
import type { CliContext } from './context';
import { AuditError, UsageError, firstSentence } from './errors';
import {
  configOption,
  failOnOption,
  formatOption,
  integerParser,
  nonEmpty,
  outputOption,
  parseEndpointUrl,
  parseRegionList,
  resolveRegions,
} from './options';
import { auditAndReport, type ReportFlags } from './report-flow';
import { progressTally } from './progress-events';

interface AuditAwsFlags extends ReportFlags {
  readonly regions?: string[];
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly concurrency?: number;
}

export const MAX_CONCURRENCY = 64;

function auditFailure(error: unknown): Error {
  if (error instanceof UsageError || error instanceof AuditError) return error;
  const name = error instanceof Error ? error.name : '';
  const hint =
    name === 'CredentialsProviderError'
      ? ' Configure credentials: --profile NAME or AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
      : '';
  return new AuditError(`The AWS audit could not run: ${firstSentence(error)}${hint}`, { cause: error });
}

export async function runAuditAws(ctx: CliContext, flags: AuditAwsFlags): Promise<number> {
  const regions = resolveRegions(flags.regions, ctx.io.env);
  const { endpointUrl } = flags;
  const describe = progressTally();
  return auditAndReport(ctx, flags, async (progress) => {
    progress.phase(`Reading AWS resources in ${regions.length ? regions.join(', ') : 'the profile\'s region'}${endpointUrl ? ` at ${endpointUrl}` : ''}`);
    try {
      const inventory = await ctx.deps.collectAwsInventory({
        regions,
        ...(endpointUrl ? { endpointUrl } : {}),
        ...(flags.profile ? { profile: flags.profile } : {}),
        ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
        onProgress: (event) => progress.update(describe(event)),
      });
      progress.done(`${inventory.resources.length} resources, ${inventory.gaps.length} failed reads`);
      return inventory;
    } catch (error) {
      throw auditFailure(error);
    }
  });
}

export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('audit live cloud resources against the baseline');
  audit
    .command('aws')
    .description('audit SageMaker inference endpoints and what they use, read-only, in one AWS account')
    .option('--regions <list>', 'comma-separated regions (default: AWS_REGION, then AWS_DEFAULT_REGION, then the profile\'s region)', parseRegionList)
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (a simulator, a private API endpoint); the SDK also reads AWS_ENDPOINT_URL', parseEndpointUrl)
    .option('--profile <name>', 'AWS profile from the shared config and credentials files', nonEmpty('The profile name'))
    .option('--concurrency <n>', `parallel AWS calls, 1 to ${MAX_CONCURRENCY}`, integerParser(1, MAX_CONCURRENCY))
    .addOption(formatOption(FORMAT_NAMES, 'table'))
    .addOption(outputOption())
    .addOption(configOption())
    .addOption(failOnOption())
    .option('--quiet', 'no progress or log lines on stderr')
    .option('--show-passed', 'table: list passing and not-applicable results too (counted per resource by default)')
    .action(async (flags: AuditAwsFlags) => {
      ctx.exitCode = await runAuditAws(ctx, flags);
    });
}
