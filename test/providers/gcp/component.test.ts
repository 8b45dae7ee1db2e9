/**
 * @jest-environment-options {"globalsCleanup":"off"}
 */
import * as pulumi from '@pulumi/pulumi';

interface Created {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}
const created: Created[] = [];

pulumi.runtime.setMocks(
  {
    newResource(args) {
      created.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
      const outputs: Record<string, unknown> = { ...args.inputs };
      let id = `${args.name}-id`;
      if (args.type === 'gcp:kms/keyRing:KeyRing') id = `projects/${String(args.inputs.project)}/locations/${String(args.inputs.location)}/keyRings/${args.name}`;
      if (args.type === 'gcp:kms/cryptoKey:CryptoKey') id = `${String(args.inputs.keyRing)}/cryptoKeys/${args.name}`;
      if (args.type === 'gcp:serviceaccount/account:Account') outputs.email = `${String(args.inputs.accountId)}@${String(args.inputs.project)}.iam.gserviceaccount.com`;
      if (args.type === 'gcp:compute/globalAddress:GlobalAddress') outputs.name = args.name;
      return { id, state: outputs };
    },
    call(args) {
      return args.inputs;
    },
  },
  'project',
  'stack',
  false,
);

// Imported after setMocks, as Pulumi requires.
import { SecureVertexEndpoint, SecureVertexEndpointError, defaultSettings, mergeSettings, weakenings, type SecureVertexEndpointProps, type GcpControlId } from '../../../providers/gcp';

const base: SecureVertexEndpointProps = {
  projectId: 'ml-prod',
  projectNumber: '123456789012',
  region: 'europe-west4',
  servicePerimeter: { accessPolicy: 'accessPolicies/555' },
};

function outputOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

async function build(props: SecureVertexEndpointProps, name = 'fraud'): Promise<{ component: SecureVertexEndpoint; resources: Created[]; warnings: string[] }> {
  created.length = 0;
  const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
  try {
    const component = new SecureVertexEndpoint(name, props);
    await outputOf(component.endpoint.urn);
    await outputOf(component.servingServiceAccountEmail);
    // Let every child register.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { component, resources: [...created], warnings: warn.mock.calls.map((call) => String(call[0])) };
  } finally {
    warn.mockRestore();
  }
}

function ofType(resources: Created[], type: string): Created[] {
  return resources.filter((r) => r.type === type);
}

function one(resources: Created[], type: string): Record<string, unknown> {
  const found = ofType(resources, type);
  expect(found).toHaveLength(1);
  return found[0].inputs;
}

describe('SecureVertexEndpoint defaults', () => {
  it('builds a PSC endpoint with CMEK, logging, a dedicated account and an enforced perimeter, and warns about nothing', async () => {
    const { resources, warnings } = await build(base);
    expect(warnings).toEqual([]);

    const ring = one(resources, 'gcp:kms/keyRing:KeyRing');
    expect(ring).toMatchObject({ project: 'ml-prod', location: 'europe-west4' });
    const key = one(resources, 'gcp:kms/cryptoKey:CryptoKey');
    expect(key).toMatchObject({
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: '7776000s',
      destroyScheduledDuration: '2592000s',
      versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: 'HSM' },
    });
    const keyName = 'projects/ml-prod/locations/europe-west4/keyRings/fraud-ring/cryptoKeys/fraud-key';
    const grants = ofType(resources, 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember').map((r) => r.inputs);
    expect(grants).toEqual(
      expect.arrayContaining([
        { cryptoKeyId: keyName, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: 'serviceAccount:service-123456789012@gcp-sa-aiplatform.iam.gserviceaccount.com' },
        { cryptoKeyId: keyName, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: 'serviceAccount:bq-123456789012@bigquery-encryption.iam.gserviceaccount.com' },
      ]),
    );
    expect(grants.map((g) => g.member)).not.toContain('allUsers');

    const endpoint = one(resources, 'gcp:vertex/aiEndpoint:AiEndpoint');
    expect(endpoint).toMatchObject({
      project: 'ml-prod',
      location: 'europe-west4',
      encryptionSpec: { kmsKeyName: keyName },
      privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlists: ['ml-prod'] },
      predictRequestResponseLoggingConfig: { enabled: true, samplingRate: 1, bigqueryDestination: { outputUri: 'bq://ml-prod.fraud_predictions' } },
    });
    expect(endpoint.network).toBeUndefined();
    expect(endpoint.dedicatedEndpointEnabled).toBeUndefined();
    expect(String(endpoint.name)).toMatch(/^[1-9]\d{9}$/);

    const dataset = one(resources, 'gcp:bigquery/dataset:Dataset');
    expect(dataset).toMatchObject({ datasetId: 'fraud_predictions', location: 'europe-west4', defaultEncryptionConfiguration: { kmsKeyName: keyName } });

    const account = one(resources, 'gcp:serviceaccount/account:Account');
    expect(account.accountId).toBe('fraud-serving');
    const roles = ofType(resources, 'gcp:projects/iAMMember:IAMMember').map((r) => r.inputs);
    expect(roles.map((r) => r.role).sort()).toEqual(['roles/logging.logWriter', 'roles/monitoring.metricWriter']);
    for (const role of roles) expect(role.member).toBe('serviceAccount:fraud-serving@ml-prod.iam.gserviceaccount.com');

    const perimeter = one(resources, 'gcp:accesscontextmanager/servicePerimeter:ServicePerimeter');
    expect(perimeter).toMatchObject({
      parent: 'accessPolicies/555',
      name: 'accessPolicies/555/servicePerimeters/fraud_perimeter',
      perimeterType: 'PERIMETER_TYPE_REGULAR',
      status: {
        resources: ['projects/123456789012'],
        restrictedServices: ['aiplatform.googleapis.com', 'storage.googleapis.com', 'cloudkms.googleapis.com', 'bigquery.googleapis.com'],
      },
    });
    expect(perimeter.spec).toBeUndefined();
    expect(perimeter.useExplicitDryRunSpec).toBeUndefined();
    expect(ofType(resources, 'gcp:servicenetworking/connection:Connection')).toHaveLength(0);
    expect(ofType(resources, 'gcp:vertex/aiEndpointIamMember:AiEndpointIamMember')).toHaveLength(0);
  });

  it('each default is what its control asks for', () => {
    const d = defaultSettings(base);
    expect(d.privateServiceConnect).toEqual({ enabled: true, projectAllowlist: ['ml-prod'] });
    expect(d.network).toBeUndefined();
    expect(d.dedicatedEndpoint).toBe(false);
    expect(d.key).toEqual({ existingKeyName: undefined, customerManaged: true, rotationDays: 90, destroyScheduledDays: 30, protectionLevel: 'HSM', extraEncrypterDecrypters: [] });
    expect(d.requestLogging).toEqual({ enabled: true, samplingRate: 1, bigqueryDestination: undefined });
    expect(d.extraServingRoles).toEqual([]);
    expect(d.invokers).toEqual([]);
    expect(d.servicePerimeter).toMatchObject({ enabled: true, dryRun: false, ingressPolicies: [], egressPolicies: [] });
    expect(d.servicePerimeter.restrictedServices).toContain('aiplatform.googleapis.com');
    expect(weakenings(mergeSettings(base))).toEqual([]);
  });

  it('a user value does not get erased by an undefined one, and the own project stays in the PSC allowlist', async () => {
    expect(mergeSettings({ ...base, key: { rotationDays: undefined } }).key.rotationDays).toBe(90);
    const { resources } = await build({ ...base, privateServiceConnect: { projectAllowlist: ['client-project'] } });
    expect(one(resources, 'gcp:vertex/aiEndpoint:AiEndpoint').privateServiceConnectConfig).toEqual({ enablePrivateServiceConnect: true, projectAllowlists: ['ml-prod', 'client-project'] });
  });
});

describe('SecureVertexEndpoint options', () => {
  it('VPC peering reserves a range, connects servicenetworking, and peers the endpoint', async () => {
    const network = 'projects/123456789012/global/networks/ml';
    const { resources, warnings } = await build({ ...base, privateServiceConnect: { enabled: false }, network });
    expect(warnings).toEqual([]);
    expect(one(resources, 'gcp:compute/globalAddress:GlobalAddress')).toMatchObject({ purpose: 'VPC_PEERING', addressType: 'INTERNAL', prefixLength: 16, network });
    expect(one(resources, 'gcp:servicenetworking/connection:Connection')).toEqual({ network, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: ['fraud-peering-range'] });
    const endpoint = one(resources, 'gcp:vertex/aiEndpoint:AiEndpoint');
    expect(endpoint.network).toBe(network);
    expect(endpoint.privateServiceConnectConfig).toBeUndefined();
  });

  it('joins an existing perimeter instead of creating one', async () => {
    const { resources } = await build({ ...base, servicePerimeter: { existingPerimeter: 'accessPolicies/555/servicePerimeters/ml' } });
    expect(ofType(resources, 'gcp:accesscontextmanager/servicePerimeter:ServicePerimeter')).toHaveLength(0);
    expect(one(resources, 'gcp:accesscontextmanager/servicePerimeterResource:ServicePerimeterResource')).toEqual({ perimeterName: 'accessPolicies/555/servicePerimeters/ml', resource: 'projects/123456789012' });
  });

  it('reads model artifacts from the one named bucket only', async () => {
    const { resources } = await build({ ...base, modelArtifactBucket: 'fraud-models' });
    const reader = ofType(resources, 'gcp:projects/iAMMember:IAMMember').find((r) => r.inputs.role === 'roles/storage.objectViewer');
    expect(reader?.inputs.condition).toMatchObject({ expression: 'resource.name.startsWith("projects/_/buckets/fraud-models/")' });
  });

  it('uses a key the user brings in the endpoint region, without creating one', async () => {
    const existing = 'projects/keys/locations/europe-west4/keyRings/r/cryptoKeys/k';
    const { resources } = await build({ ...base, key: { existingKeyName: existing } });
    expect(ofType(resources, 'gcp:kms/cryptoKey:CryptoKey')).toHaveLength(0);
    expect(one(resources, 'gcp:vertex/aiEndpoint:AiEndpoint').encryptionSpec).toEqual({ kmsKeyName: existing });
  });
});

describe('SecureVertexEndpoint weakening overrides', () => {
  const cases: ReadonlyArray<[string, Partial<SecureVertexEndpointProps>, GcpControlId | readonly GcpControlId[]]> = [
    ['no private path (shared public)', { privateServiceConnect: { enabled: false } }, 'endpoint-public-access-disabled'],
    ['dedicated public endpoint', { privateServiceConnect: { enabled: false }, dedicatedEndpoint: true }, 'endpoint-public-access-disabled'],
    ['predict granted to allUsers', { invokers: ['allUsers'] }, 'endpoint-caller-authentication'],
    ['Google-managed encryption', { key: { customerManaged: false } }, ['endpoint-storage-customer-key', 'data-capture-customer-key']],
    ['Google-managed encryption, logging to a table of your own', { key: { customerManaged: false }, requestLogging: { bigqueryDestination: 'bq://ml-prod.audit.predictions' } }, 'endpoint-storage-customer-key'],
    ['rotation 365 days', { key: { rotationDays: 365 } }, 'key-rotation-enabled'],
    ['a key the component does not manage', { key: { existingKeyName: 'projects/k/locations/europe-west4/keyRings/r/cryptoKeys/k' } }, 'key-rotation-enabled'],
    ['software key', { key: { protectionLevel: 'SOFTWARE' } }, 'key-store-hardened'],
    ['destroyed after 1 day', { key: { destroyScheduledDays: 1 } }, 'key-store-hardened'],
    ['key granted to allAuthenticatedUsers', { key: { extraEncrypterDecrypters: ['allAuthenticatedUsers'] } }, 'key-not-public'],
    ['logging off', { requestLogging: { enabled: false } }, 'endpoint-request-logging'],
    ['editor on the serving account', { extraServingRoles: ['roles/editor'] }, 'identity-least-privilege'],
    ['no perimeter', { servicePerimeter: { enabled: false } }, 'project-service-perimeter'],
    ['dry-run perimeter', { servicePerimeter: { accessPolicy: 'accessPolicies/555', dryRun: true } }, 'project-service-perimeter'],
    ['perimeter without Vertex AI', { servicePerimeter: { accessPolicy: 'accessPolicies/555', restrictedServices: ['storage.googleapis.com'] } }, 'project-service-perimeter'],
    ['ingress rule', { servicePerimeter: { accessPolicy: 'accessPolicies/555', ingressPolicies: [{ ingressFrom: { sources: [{ accessLevel: '*' }] } }] } }, 'workspace-private-access'],
    ['egress rule', { servicePerimeter: { accessPolicy: 'accessPolicies/555', egressPolicies: [{ egressTo: { resources: ['*'] } }] } }, 'network-outbound-restricted'],
  ];

  it.each(cases)('%s (%j) warns with exactly inferguard:%s', async (_label, override, controls) => {
    const { warnings } = await build({ ...base, ...override });
    const expected = typeof controls === 'string' ? [controls] : controls;
    expect(warnings.map((w) => /^inferguard:([\w-]+): /.exec(w)?.[1])).toEqual(expected);
    for (const warning of warnings) expect(warning).toContain('To fix:');
  });

  it('a software key destroyed after a day is one key-store-hardened warning naming both', async () => {
    const { warnings } = await build({ ...base, key: { protectionLevel: 'SOFTWARE', destroyScheduledDays: 1 } });
    expect(warnings).toEqual([expect.stringMatching(/^inferguard:key-store-hardened: .*software-protected.*gone after 1 days/)]);
  });

  it('a dry-run perimeter is written as spec, with no status', async () => {
    const { resources } = await build({ ...base, servicePerimeter: { accessPolicy: 'accessPolicies/555', dryRun: true } });
    const perimeter = one(resources, 'gcp:accesscontextmanager/servicePerimeter:ServicePerimeter');
    expect(perimeter.useExplicitDryRunSpec).toBe(true);
    expect(perimeter.status).toBeUndefined();
    expect(perimeter.spec).toMatchObject({ resources: ['projects/123456789012'] });
  });

  it('Google-managed encryption leaves out the key and encryptionSpec', async () => {
    const { resources } = await build({ ...base, key: { customerManaged: false } });
    expect(ofType(resources, 'gcp:kms/cryptoKey:CryptoKey')).toHaveLength(0);
    expect(one(resources, 'gcp:vertex/aiEndpoint:AiEndpoint').encryptionSpec).toBeUndefined();
  });
});

describe('SecureVertexEndpoint refusals', () => {
  const cases: ReadonlyArray<[string, Partial<SecureVertexEndpointProps>, RegExp]> = [
    ['network and PSC together', { network: 'projects/1/global/networks/n' }, /network \(VPC peering\) and Private Service Connect cannot be used together/],
    ['dedicated endpoint with PSC', { dedicatedEndpoint: true }, /dedicatedEndpoint cannot be combined with Private Service Connect/],
    ['key in another region', { key: { existingKeyName: 'projects/k/locations/us-central1/keyRings/r/cryptoKeys/k' } }, /is in us-central1 but the endpoint is in europe-west4/],
    ['key name of the wrong shape', { key: { existingKeyName: 'my-key' } }, /existingKeyName must be projects\/P\/locations/],
    ['project number not digits', { projectNumber: 'ml-prod' }, /projectNumber must be the project's number/],
    ['no access policy', { servicePerimeter: {} }, /needs the organization's access policy/],
    ['both a new and an existing perimeter', { servicePerimeter: { accessPolicy: 'accessPolicies/1', existingPerimeter: 'accessPolicies/1/servicePerimeters/p' } }, /exclude each other/],
    ['sampling rate 0', { requestLogging: { samplingRate: 0 } }, /samplingRate must be in \(0, 1\]/],
    ['rotation 0 days', { key: { rotationDays: 0 } }, /rotationDays must be a whole number of days >= 1/],
  ];

  it.each(cases)('%s (%j) is refused with the reason', (_label, override, reason) => {
    expect(() => new SecureVertexEndpoint('bad', { ...base, ...override })).toThrow(SecureVertexEndpointError);
    expect(() => new SecureVertexEndpoint('bad', { ...base, ...override })).toThrow(reason);
  });
});
