// For every default a user can weaken (providers/aws/construct/README.md, "Weakening: warnings you
// must acknowledge"), the weakened stack, synthesized and scanned as a user would, fails exactly the
// control the construct's synth warning names, on exactly the resource it weakened, and nothing else.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Status } from '../../../policies/control';
import type { SecureSageMakerEndpointProps } from '../../../providers/aws/construct/props';
import { SecureSageMakerEndpoint } from '../../../providers/aws/construct/secure-sagemaker-endpoint';
import type { ControlId } from '../../../providers/aws/construct/weakening';
import { buildExampleApp, exampleContext, type ExampleAppOptions } from '../../../stacks/aws/example-app';
import { ACCOUNT, COMPLIANT, REGION } from '../../providers/aws/construct/support';
import { assemblyDir, resultsWithStatus, synthAndScan, type Scan } from './scan-support';

interface WeakenedCase {
  readonly name: string;
  /** Builds the app; the stack is the one scanned. */
  readonly build: () => { readonly app: App; readonly stack: Stack };
  /** The construct's synth warnings (control ids). */
  readonly warnings: readonly ControlId[];
  /** Exactly the failing results, `control @ construct path`. */
  readonly fails: readonly string[];
  /**
   * Warned controls the scan cannot judge, with why: the template holds nothing for them to judge.
   * Every finding of these controls must be in `results`.
   */
  readonly notJudged?: Readonly<Partial<Record<ControlId, string>>>;
  /** Further exact results, `control @ construct path` -> status. */
  readonly results?: Readonly<Record<string, Status>>;
  /** Exactly the unknown results (a fact the template cannot give); they make the scan exit 3. */
  readonly unknowns?: readonly string[];
}

/** The example stack (one real-time and one serverless endpoint) with weakened props. */
const example =
  (options: ExampleAppOptions) =>
  (): { app: App; stack: Stack } =>
    buildExampleApp({ ...options, outdir: assemblyDir() });

/** One real-time endpoint, for overrides that need a construct scope (a resource the user brings). */
const endpointWith =
  (props: (stack: Stack) => Partial<SecureSageMakerEndpointProps>) =>
  (): { app: App; stack: Stack } => {
    const app = new App({ context: exampleContext(ACCOUNT, REGION), outdir: assemblyDir() });
    const stack = new Stack(app, 'Weakened', { env: { account: ACCOUNT, region: REGION } });
    new SecureSageMakerEndpoint(stack, 'Inference', { ...COMPLIANT, ...props(stack) });
    return { app, stack };
  };

const publicKeyPolicy = () =>
  new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }),
      new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['kms:Decrypt'], resources: ['*'] }),
    ],
  });

const IMPORTED_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/my-sagemaker-role`;
const IMPORTED_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
/** Why a resource the user brings from outside the stack is not judged by a scan. */
const OUTSIDE_THE_TEMPLATE =
  'declared outside the template, so the template holds nothing to judge (no statements, no settings); the construct warns at synth, and `inferguard audit` judges it in the account';

const cases: WeakenedCase[] = [
  // --- the example stack -------------------------------------------------------------------------------------
  { name: 'networkIsolation: false', build: example({ realtime: { networkIsolation: false } }), warnings: ['model-network-isolation'], fails: ['model-network-isolation @ Realtime/Endpoint'] },
  {
    name: 'privateNetwork: false',
    build: example({ realtime: { privateNetwork: false } }),
    warnings: ['endpoint-private-api-path', 'model-private-network'],
    fails: ['model-private-network @ Realtime/Endpoint'],
    notJudged: {
      'endpoint-private-api-path':
        'it judges the private path of a network that inference runs in; without a VPC there is none in the template, and model-private-network already fails',
    },
  },
  { name: 'addVpcEndpoints: false', build: example({ realtime: { addVpcEndpoints: false } }), warnings: ['endpoint-private-api-path'], fails: ['endpoint-private-api-path @ Realtime/Vpc'] },
  { name: 'instanceCount: 1', build: example({ realtime: { instanceCount: 1 } }), warnings: ['endpoint-multiple-instances'], fails: ['endpoint-multiple-instances @ Realtime/Endpoint'] },
  { name: 'volumeEncryption: false', build: example({ realtime: { volumeEncryption: false } }), warnings: ['endpoint-storage-customer-key'], fails: ['endpoint-storage-customer-key @ Realtime/Endpoint'] },
  {
    name: 'volumeEncryption: false (serverless)',
    build: example({ serverless: { volumeEncryption: false } }),
    warnings: ['endpoint-storage-customer-key'],
    fails: ['endpoint-storage-customer-key @ Serverless/Endpoint'],
  },
  { name: 'no monitoring', build: example({ realtime: { monitoring: false } }), warnings: ['model-monitoring-scheduled'], fails: ['model-monitoring-scheduled @ Realtime/Endpoint'] },
  {
    // Monitoring reads captured data, so turning capture off takes monitoring with it. With capture off
    // there is no captured data to encrypt: data-capture-customer-key is not applicable, not failed.
    name: 'dataCapture: false (and so no monitoring)',
    build: example({ realtime: { dataCapture: false, monitoring: undefined } }),
    warnings: ['model-monitoring-scheduled'],
    fails: ['model-monitoring-scheduled @ Realtime/Endpoint'],
    results: { 'data-capture-customer-key @ Realtime/Endpoint': 'not_applicable' },
  },
  { name: 'keyProps.enableKeyRotation: false', build: example({ foundation: { keyProps: { enableKeyRotation: false } } }), warnings: ['key-rotation-enabled'], fails: ['key-rotation-enabled @ Key'] },
  { name: 'keyProps.policy open to anyone', build: example({ foundation: { keyProps: { policy: publicKeyPolicy() } } }), warnings: ['key-not-public'], fails: ['key-not-public @ Key'] },
  // The endpoints read the foundation bucket's name from its SSM parameter; the scan of the assembly resolves that
  // to the bucket resource, so a weakened foundation bucket fails. The access-log bucket holds no artifacts.
  {
    name: 'bucketProps.blockPublicAccess: BLOCK_ACLS',
    build: example({ foundation: { bucketProps: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS } } }),
    warnings: ['artifact-store-private'],
    fails: ['artifact-store-private @ ArtifactBucket'],
    results: { 'artifact-store-private @ AccessLogs': 'not_applicable' },
  },
  {
    name: 'bucketProps.enforceSSL: false',
    build: example({ foundation: { bucketProps: { enforceSSL: false } } }),
    warnings: ['artifact-store-tls-only'],
    fails: ['artifact-store-tls-only @ ArtifactBucket'],
    results: { 'artifact-store-tls-only @ AccessLogs': 'not_applicable' },
  },
  {
    name: 'bucketProps.encryption: S3_MANAGED',
    build: example({ foundation: { bucketProps: { encryption: s3.BucketEncryption.S3_MANAGED } } }),
    warnings: ['artifact-store-customer-key'],
    fails: ['artifact-store-customer-key @ ArtifactBucket'],
    results: { 'artifact-store-customer-key @ AccessLogs': 'not_applicable' },
  },
  {
    name: 'repositoryProps.imageScanOnPush: false',
    build: example({ foundation: { repositoryProps: { imageScanOnPush: false } } }),
    warnings: ['image-repository-scan-on-push'],
    fails: ['image-repository-scan-on-push @ Repository'],
  },
  {
    name: 'repositoryProps.imageTagMutability: MUTABLE',
    build: example({ foundation: { repositoryProps: { imageTagMutability: ecr.TagMutability.MUTABLE } } }),
    warnings: ['image-repository-immutable-tags'],
    fails: ['image-repository-immutable-tags @ Repository'],
  },

  // --- resources the user brings (one endpoint in its own stack: the override needs a construct scope) ----------
  {
    name: 'a role imported by ARN',
    build: endpointWith((stack) => ({ role: iam.Role.fromRoleArn(stack, 'Mine', IMPORTED_ROLE_ARN, { mutable: false }) })),
    warnings: ['identity-least-privilege'],
    fails: [],
    notJudged: { 'identity-least-privilege': OUTSIDE_THE_TEMPLATE },
    // The only identity in the template is the monitoring job's role, which no deployment runs as.
    results: { 'identity-least-privilege @ Inference/MonitoringRole': 'not_applicable' },
  },
  {
    // The construct cannot tell what a role it did not make grants, but a role declared in the same
    // template is read in full: the scan judges it.
    name: 'a role of the stack with AmazonSageMakerFullAccess',
    build: endpointWith((stack) => ({
      role: new iam.Role(stack, 'Mine', {
        assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSageMakerFullAccess')],
      }),
    })),
    warnings: ['identity-least-privilege'],
    fails: ['identity-least-privilege @ Mine'],
  },
  {
    name: 'a key imported by ARN',
    build: endpointWith((stack) => ({ encryptionKey: kms.Key.fromKeyArn(stack, 'Mine', IMPORTED_KEY_ARN) })),
    warnings: ['key-not-public', 'key-rotation-enabled'],
    fails: [],
    notJudged: { 'key-not-public': OUTSIDE_THE_TEMPLATE, 'key-rotation-enabled': OUTSIDE_THE_TEMPLATE },
    // Who manages a key outside the template is not known (an AWS managed key has a plain key ARN too):
    // whether data is encrypted with a customer key is unknown, never passed on the key's id.
    unknowns: ['artifact-store-customer-key @ Inference/ArtifactBucket', 'data-capture-customer-key @ Inference/Endpoint', 'endpoint-storage-customer-key @ Inference/Endpoint'],
  },
  {
    name: 'a bucket imported by name',
    build: endpointWith((stack) => ({ bucket: s3.Bucket.fromBucketName(stack, 'Mine', 'my-models') })),
    warnings: ['artifact-store-customer-key', 'artifact-store-private', 'artifact-store-tls-only'],
    fails: [],
    notJudged: { 'artifact-store-customer-key': OUTSIDE_THE_TEMPLATE, 'artifact-store-private': OUTSIDE_THE_TEMPLATE, 'artifact-store-tls-only': OUTSIDE_THE_TEMPLATE },
    // The bucket the construct still creates receives the VPC flow logs: no model artifacts or captured data.
    results: {
      'artifact-store-customer-key @ Inference/AccessLogs': 'not_applicable',
      'artifact-store-private @ Inference/AccessLogs': 'not_applicable',
      'artifact-store-tls-only @ Inference/AccessLogs': 'not_applicable',
    },
  },
  {
    name: 'a repository imported by name',
    build: endpointWith((stack) => ({ repository: ecr.Repository.fromRepositoryName(stack, 'Mine', 'models/churn') })),
    warnings: ['image-repository-immutable-tags', 'image-repository-not-public', 'image-repository-scan-on-push'],
    fails: [],
    notJudged: { 'image-repository-immutable-tags': OUTSIDE_THE_TEMPLATE, 'image-repository-not-public': OUTSIDE_THE_TEMPLATE, 'image-repository-scan-on-push': OUTSIDE_THE_TEMPLATE },
    results: { 'image-private-registry @ Inference/Endpoint': 'pass' },
  },
  {
    name: "a repository in another account's registry",
    build: endpointWith((stack) => ({ repository: ecr.Repository.fromRepositoryArn(stack, 'Theirs', `arn:aws:ecr:${REGION}:999999999999:repository/shared`) })),
    warnings: ['image-private-registry', 'image-repository-immutable-tags', 'image-repository-not-public', 'image-repository-scan-on-push'],
    fails: ['image-private-registry @ Inference/Endpoint'],
    notJudged: { 'image-repository-immutable-tags': OUTSIDE_THE_TEMPLATE, 'image-repository-not-public': OUTSIDE_THE_TEMPLATE, 'image-repository-scan-on-push': OUTSIDE_THE_TEMPLATE },
  },
];

/** `control @ path: status` for every finding of the given controls, sorted. */
function resultsOf(scan: Scan, controls: readonly string[]): string[] {
  return scan.findings
    .filter((f) => controls.includes(f.controlId))
    .map((f) => `${f.controlId} @ ${scan.pathOf(f)}: ${f.status}`)
    .sort();
}

describe('the unweakened single-endpoint stack the scope-needing cases start from', () => {
  it('scans clean: exit 0, no failing or unknown finding, no warning', async () => {
    const { app, stack } = endpointWith(() => ({}))();
    const scan = await synthAndScan(app, stack);
    expect([...resultsWithStatus(scan, 'fail'), ...resultsWithStatus(scan, 'unknown')]).toEqual([]);
    expect(scan.warnings).toEqual([]);
    expect(scan.code).toBe(0);
  });
});

describe.each(cases)('$name', ({ build, warnings, fails, notJudged = {}, results = {}, unknowns = [] }) => {
  let scan: Scan;

  beforeAll(async () => {
    const { app, stack } = build();
    scan = await synthAndScan(app, stack);
  });

  it('the construct warns about exactly these controls', () => {
    expect(scan.warnings).toEqual([...warnings].sort());
  });

  it('the scan fails exactly the weakened control on the weakened resource, and nothing else', () => {
    expect(resultsWithStatus(scan, 'fail')).toEqual([...fails].sort());
    expect(resultsWithStatus(scan, 'unknown')).toEqual([...unknowns].sort());
    expect(scan.gaps).toEqual([]);
  });

  it('every warned control fails, or the template holds nothing for it to judge (and says why)', () => {
    const failed = new Set(fails.map((f) => f.slice(0, f.indexOf(' @ '))));
    const unjudged = Object.keys(notJudged);
    expect([...failed, ...unjudged].sort()).toEqual([...warnings].sort());
    // A control the template gives nothing to judge has no finding but those listed (e.g. on other resources).
    const listed = Object.entries(results).map(([result, status]) => `${result}: ${status}`);
    expect(resultsOf(scan, unjudged)).toEqual(listed.filter((r) => unjudged.some((c) => r.startsWith(`${c} @ `))).sort());
  });

  it('other results are exactly as expected', () => {
    const controls = [...new Set(Object.keys(results).map((r) => r.slice(0, r.indexOf(' @ '))))];
    const listed = Object.entries(results).map(([result, status]) => `${result}: ${status}`);
    expect(resultsOf(scan, controls).filter((r) => listed.includes(r))).toEqual(listed.sort());
  });

  const exit = fails.length > 0 ? 1 : unknowns.length > 0 ? 3 : 0;
  it(`exits ${exit}`, () => {
    expect(scan.code).toBe(exit);
  });
});

describe('vpcSubnets selecting public subnets', () => {
  it('is warned about by the construct, but no fact in the model can tell a public subnet at scan time', async () => {
    const { app, stack } = endpointWith((scope) => ({
      vpc: new ec2.Vpc(scope, 'Mixed', {
        maxAzs: 2,
        subnetConfiguration: [
          { name: 'pub', subnetType: ec2.SubnetType.PUBLIC },
          { name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        ],
      }),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    }))();
    const scan = await synthAndScan(app, stack);
    expect(scan.warnings).toEqual(['model-private-network']);
    // model-private-network reads subnet and security-group ids (NetworkAttachment); whether a subnet
    // routes to an internet gateway is not in the model, so the scan passes what the construct warns about.
    expect(resultsWithStatus(scan, 'fail')).toEqual([]);
    expect(resultsOf(scan, ['model-private-network'])).toEqual(['model-private-network @ Inference/Endpoint: pass']);
  });
});
