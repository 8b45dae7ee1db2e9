// `npm run demo`: the three moments on the built-in examples, with no cloud account.
// 1. Detect: start the local AWS simulator with the demo account and audit it live with `inferguard audit aws`.
// 2. Detect on the other clouds: the same baseline audits a simulated Azure tenant and Google Cloud organization.
// 3. Provision + prevent: synthesize the example stack (SecureSageMakerEndpoint) and scan it with `inferguard scan`.
// 4. Prevent: scan a deliberately weakened copy of the stack and show the findings that stop it.
// Each step runs the real CLI as a user would and checks the exit code it should give.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsScenarios, startAwsSimulator } from '../sim/aws';
import { simulatorClientEnv } from '../sim/aws/client-env';
import { buildExampleApp } from '../stacks/aws/example-app';
import { realProviderDeps, registeredProviders } from './cli/providers';

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

/** What the simulator of each other cloud serves in the demo, and the exit code its audit should give. */
const OTHER_CLOUDS = {
  // Every subscription the credential lists (the audit's default).
  azure: { title: 'Azure tenant', args: [], expected: 1, why: 'failing findings in the non-compliant subscription' },
  // The audit's default is the credential's own project; the demo names the organization's three.
  gcp: { title: 'Google Cloud organization', args: ['--project', 'ml-prod,ml-dev,ml-locked'], expected: 1, why: 'failing findings in ml-dev; ml-locked is also incomplete' },
} as const;

/** Starts the cloud's simulator on its demo scenario, exactly as `inferguard sim <cloud>` does, and audits it. */
async function auditSimulatedCloud(cloud: keyof typeof OTHER_CLOUDS): Promise<Step> {
  const { title, args, expected, why } = OTHER_CLOUDS[cloud];
  const simulator = registeredProviders(realProviderDeps()).find((p) => p.name === cloud)?.simulator;
  if (!simulator) throw new Error(`no ${cloud} simulator is registered`);
  const description = simulator.scenarios().demo?.description ?? 'demo';
  heading(`2. Detect: audit a live (simulated) ${title}`);
  const sim = await simulator.start('demo', { host: '127.0.0.1', port: 0, faults: [] });
  try {
    process.stdout.write(`The simulator at ${sim.url} serves: ${description}\n`);
    const env = { ...process.env, ...sim.clientEnv };
    const actual = await runCli(['audit', cloud, '--endpoint-url', sim.url, ...args], env);
    return { name: `audit ${cloud} on the demo ${title} (${why})`, expected, actual };
  } finally {
    await sim.close();
  }
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

    for (const cloud of ['azure', 'gcp'] as const) steps.push(await auditSimulatedCloud(cloud));

    heading('3. Provision + prevent: synthesize the example stack and scan it');
    const compliant = join(work, 'cdk.out');
    buildExampleApp({ outdir: compliant }).app.synth();
    process.stdout.write(`Synthesized stacks/aws (SecureSageMakerEndpoint, real-time + serverless) to ${compliant}\n`);
    steps.push({ name: 'scan of the example stack', expected: 0, actual: await runCli(['scan', compliant], env) });

    heading('4. Prevent: a weakened stack is stopped before it exists');
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
