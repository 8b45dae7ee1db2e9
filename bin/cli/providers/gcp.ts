// Google Cloud in the CLI: `sim gcp` for now (the live audit and Pulumi readers come with the GCP
// adapters). The simulator module loads only when `sim gcp` runs.
import type { CloudProvider } from '../registry';

type SimModule = typeof import('../../../sim/gcp/index');
const sim = (): SimModule => require('../../../sim/gcp/index');

/** Environment that sends Google clients to the simulator: a fixed access token and gcloud's per-API endpoint overrides. */
export function gcpSimulatorClientEnv(url: string, project: string): Record<string, string> {
  const base = `${url}/`;
  return {
    GOOGLE_OAUTH_ACCESS_TOKEN: 'inferguard-simulator-token',
    GOOGLE_CLOUD_PROJECT: project,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM: base,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDKMS: base,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_ACCESSCONTEXTMANAGER: base,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER: base,
  };
}

export function gcpProvider(): CloudProvider {
  return {
    name: 'gcp',
    title: 'Google Cloud',
    simulator: {
      scenarios: () => sim().gcpScenarios,
      checkFault: (rule) => void sim().parseGcpFaultRule(rule),
      async start(name, options) {
        const module = sim();
        const entry = module.gcpScenarios[name];
        if (!entry) throw new Error(`no GCP scenario ${name}`);
        const { world } = entry.build();
        const simulator = await module.startGcpSimulator(world, {
          host: options.host,
          port: options.port,
          ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
          ...(options.faults.length ? { faults: options.faults.map((rule) => module.parseGcpFaultRule(rule)) } : {}),
        });
        const projects = world.projects.map((p) => p.projectId);
        return {
          url: simulator.url,
          port: simulator.port,
          summary: `Google Cloud simulator serving scenario "${name}" (projects ${projects.join(', ')})`,
          clientEnv: gcpSimulatorClientEnv(simulator.url, projects[0] ?? ''),
          close: () => simulator.close(),
        };
      },
    },
  };
}
