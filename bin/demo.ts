// `npm run demo`: the three moments on the built-in example, with no cloud account.
// 1. Detect: start the local AWS simulator with the demo account and audit it live with `inferguard audit aws`.
// 2. Provision + prevent: synthesize the example stack (SecureSageMakerEndpoint) and scan it with `inferguard scan`.
// 3. Prevent: scan a deliberately weakened copy of the stack and show the findings that stop it.
// Each step runs the real CLI as a user would and checks the exit code it should give.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsScenarios, startAwsSimulator } from '../sim/aws';
import { simulatorClientEnv } from '../sim/aws/client-env';
import { buildExampleApp } from '../stacks/aws/example-app';

const CLI = join(__dirname, 'inferguard.js');

/** Only the simulator on loopback is ever contacted: fake credentials, no instance metadata, no telemetry. */
function demoEnv(endpointUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...simulatorClientEnv(endpointUrl, 'us-east-1'),
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: join(tmpdir(), 'inferguard-demo-no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'inferguard-demo-no-credentials'),
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    // On Node 20 the SDK warns once per run that its 2027 releases need Node 22; the demo keeps its output to inferguard's.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  process.stdout.write(`\n$ inferguard ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 3));
  });
}

function heading(text: string): void {
  process.stdout.write(`\n=== ${text} ${'='.repeat(Math.max(0, 90 - text.length))}\n`);
}

interface Step {
  readonly name: string;
  readonly expected: number;
  readonly actual: number;
}

async function main(): Promise<number> {
  const steps: Step[] = [];
  const work = mkdtempSync(join(tmpdir(), 'inferguard-demo-'));
  const scenario = awsScenarios.demo;
  const sim = await startAwsSimulator(scenario.build());
  try {
    const env = demoEnv(sim.url);

    heading('1. Detect: audit a live (simulated) AWS account');
    process.stdout.write(`The simulator at ${sim.url} holds the demo account: ${scenario.description}\n`);
    steps.push({
      name: 'audit aws on the demo account (non-compliant endpoints present)',
      expected: 1,
      actual: await runCli(['audit', 'aws', '--regions', 'us-east-1,eu-west-1'], env),
    });

    heading('2. Provision + prevent: synthesize the example stack and scan it');
    const compliant = join(work, 'cdk.out');
    buildExampleApp({ outdir: compliant }).app.synth();
    process.stdout.write(`Synthesized stacks/aws (SecureSageMakerEndpoint, real-time + serverless) to ${compliant}\n`);
    steps.push({ name: 'scan of the example stack', expected: 0, actual: await runCli(['scan', compliant], env) });

    heading('3. Prevent: a weakened stack is stopped before it exists');
    const weakened = join(work, 'weakened.out');
    buildExampleApp({ outdir: weakened, realtime: { networkIsolation: false, instanceCount: 1 } }).app.synth();
    process.stdout.write('Synthesized the example with networkIsolation: false and instanceCount: 1 (the construct warned at synth).\n');
    steps.push({
      name: 'scan of the weakened stack',
      expected: 1,
      actual: await runCli(['scan', weakened, '--format', 'table'], env),
    });
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }

  heading('Summary');
  for (const step of steps) {
    const ok = step.actual === step.expected;
    process.stdout.write(`${ok ? 'ok ' : 'BAD'}  ${step.name}: exit ${step.actual} (expected ${step.expected})\n`);
  }
  return steps.every((s) => s.actual === s.expected) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
