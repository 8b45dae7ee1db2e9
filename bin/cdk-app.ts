#!/usr/bin/env node
// cdk.json's app: the example's foundation and endpoint stacks (deploy them in that order: README), checked at synth by the inferguard baseline and by
// cdk-nag's AWS Solutions and NIST 800-53 rev 5 packs. Any failing or undecidable inferguard finding
// that no waiver covers, and any unacknowledged cdk-nag finding, fails `cdk synth`.
// Baseline settings and waivers come from the same config file as `inferguard scan --config`:
//   npx cdk synth -c inferguard:config=inferguard.yaml
import type { App, IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { ConfigError } from '../policies/config-error';
import { InferguardValidation } from '../providers/aws/enforce';
import { buildExampleApp } from '../stacks/aws/example-app';

/** The context key (`cdk synth -c inferguard:config=<file>`) naming the inferguard config file. */
export const CONFIG_CONTEXT_KEY = 'inferguard:config';

/** The policy-validation plugins `cdk synth` of the example runs: the inferguard baseline, then the cdk-nag packs. */
export function examplePlugins(app: App): IPolicyValidationPlugin[] {
  const configFile: unknown = app.node.tryGetContext(CONFIG_CONTEXT_KEY);
  if (configFile !== undefined && (typeof configFile !== 'string' || configFile.trim() === '')) {
    throw new Error(`Context ${CONFIG_CONTEXT_KEY} must be the path of a config file (cdk synth -c ${CONFIG_CONTEXT_KEY}=inferguard.yaml), not ${JSON.stringify(configFile)}.`);
  }
  return [new InferguardValidation(configFile ? { configFile } : {}), new AwsSolutionsChecks(app), new NIST80053R5Checks(app)];
}

/**
 * Synthesizes the example as `cdk synth` runs it. A config file that is missing or invalid is one
 * line per problem on stderr and exit code 2 (what the CLI gives), not a stack trace.
 */
export function synthExampleApp(stderr: { write(text: string): unknown } = process.stderr): number {
  try {
    buildExampleApp({ plugins: examplePlugins }).app.synth();
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) stderr.write(`inferguard: config ${error.file}${issue.path ? ` ${issue.path}` : ''}: ${issue.problem}. Fix: ${issue.fix}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = synthExampleApp();
}
