// The organization job README's example, exactly as written there, run against this repository's 'inferguard/aws'
// and synthesized under cdk-nag AwsSolutions: the README promises the two constructs deploy together as shown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as ts from 'typescript';
import { scratchDir } from '../../../support/scratch';

const ROOT = join(__dirname, '../../../..');
const LOCAL_MODULES: Readonly<Record<string, string>> = { 'inferguard/aws': join(ROOT, 'providers/aws/api'), 'aws-cdk-lib': 'aws-cdk-lib' };

it('the README example synthesizes with zero unacknowledged cdk-nag findings', () => {
  const readme = readFileSync(join(ROOT, 'providers/aws/organization-job/README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('the README has no ts block');
  const { outputText, diagnostics } = ts.transpileModule(`${block}\nexports.app = app;\n`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, reportDiagnostics: true });
  expect(diagnostics ?? []).toEqual([]);
  const exported: { app?: App } = {};
  const previous = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = scratchDir('inferguard-org-readme-');
  try {
    new Function('require', 'exports', outputText)((specifier: string) => require(LOCAL_MODULES[specifier] ?? specifier), exported);
  } finally {
    if (previous === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previous;
  }
  const app = exported.app;
  if (!app) throw new Error('the example made no app');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  const template = JSON.stringify(assembly.getStackByName('InferguardOrganization').template);
  expect(template).toContain('AWS::CloudFormation::StackSet');
  expect(template).toContain('AWS::StepFunctions::StateMachine');
}, 240_000);
