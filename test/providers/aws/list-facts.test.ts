// The AWS adapters state list facts element by element, and key references the inventory does not
// hold, as the model asks: a known bad element stays visible beside an unreadable one.
import type { DescribeEndpointConfigOutput, DescribeModelOutput } from '@aws-sdk/client-sagemaker';
import { defaultBaseline } from '../../../policies/baseline';
import { evaluate } from '../../../policies/evaluate';
import { knownElements, known, type Evidence, type Fact, type InferenceEndpoint, type Inventory } from '../../../policies/model';
import { Canonical, type Read } from '../../../providers/aws/live/context';
import { completeEndpoint, endpointDraft, type EndpointDependencies } from '../../../providers/aws/live/endpoint-facts';
import type { EndpointRecord } from '../../../providers/aws/live/sagemaker';
import { inventoryOf, resourceOf, STACK } from './template/helpers';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const DIGEST = 'sha256:' + 'a'.repeat(64);
const REPO = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/models/classifier`;
const CREATED = new Date('2026-01-01T00:00:00Z');
const ok = <T>(value: T): Read<T> => ({ status: 'ok', value });

function liveEndpoint(model: Partial<DescribeModelOutput>): Promise<InferenceEndpoint> {
  const config: DescribeEndpointConfigOutput = {
    EndpointConfigName: 'config',
    EndpointConfigArn: 'arn',
    CreationTime: CREATED,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'pipeline', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2 }],
  };
  const record: EndpointRecord = {
    region: REGION,
    summary: { EndpointName: 'pipeline', EndpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/pipeline`, CreationTime: CREATED, LastModifiedTime: CREATED, EndpointStatus: 'InService' },
    endpoint: ok({ EndpointName: 'pipeline', EndpointArn: '', EndpointConfigName: 'config', EndpointStatus: 'InService', CreationTime: CREATED, LastModifiedTime: CREATED }),
    config: ok(config),
    models: new Map([['pipeline', ok({ ModelName: 'pipeline', ModelArn: 'arn', CreationTime: CREATED, ExecutionRoleArn: 'arn:aws:iam::111122223333:role/r', ...model })]]),
  };
  const deps: EndpointDependencies = { resolveKey: async (reference: string, cause: Evidence): Promise<Fact<string>> => known(reference, cause), canonical: new Canonical() };
  return endpointDraft(record, deps).then((draft) => completeEndpoint(draft, { schedules: ok(new Map()), vpcOfGroup: () => null }, deps.canonical));
}

const onlyDeployment = (endpoint: InferenceEndpoint) => knownElements(endpoint.deployments)[0];
const statusOf = (inventory: Inventory, controlId: string) => evaluate(inventory, defaultBaseline()).filter((f) => f.controlId === controlId).map((f) => f.status);

describe('live: container images element by element', () => {
  it('an unreadable container leaves its sibling pinned by a mutable tag known, and the control fails', async () => {
    const endpoint = await liveEndpoint({ Containers: [{ Image: `${REPO}:latest` }, { ModelPackageName: 'marketplace-package' }] });
    const images = onlyDeployment(endpoint).images;
    expect(images.known).toBe(false);
    expect(knownElements(images).map((i) => i.tag)).toEqual(['latest']);
    const inventory: Inventory = { provider: 'aws', source: 'live', scope: { accounts: [ACCOUNT], regions: [REGION] }, resources: [endpoint], gaps: [] };
    expect(statusOf(inventory, 'image-pinned-by-digest')).toEqual(['fail']);
  });

  it('an empty PrimaryContainer beside Containers is absent, not an unreadable container', async () => {
    const endpoint = await liveEndpoint({ PrimaryContainer: {}, Containers: [{ Image: `${REPO}@${DIGEST}` }] });
    const images = onlyDeployment(endpoint).images;
    expect(images.known && images.value.map((i) => i.digest)).toEqual([DIGEST]);
  });

  it('states the outbound access that EnableNetworkIsolation means, and the SageMaker access facts', async () => {
    const endpoint = await liveEndpoint({ EnableNetworkIsolation: true, PrimaryContainer: { Image: `${REPO}@${DIGEST}` } });
    expect(onlyDeployment(endpoint).outbound).toMatchObject({ known: true, value: 'none' });
    expect(endpoint.callerAuthentication).toMatchObject({ known: true, value: 'provider-identity' });
    expect(endpoint.publicNetworkAccess).toMatchObject({ known: true, value: true });
  });
});

const template = (primary: object, containers: object[] | undefined, kmsKeyId?: string) => ({
  Resources: {
    Model: { Type: 'AWS::SageMaker::Model', Properties: { ExecutionRoleArn: 'arn:aws:iam::111122223333:role/r', PrimaryContainer: primary, ...(containers ? { Containers: containers } : {}) } },
    Config: {
      Type: 'AWS::SageMaker::EndpointConfig',
      Properties: {
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: { 'Fn::GetAtt': ['Model', 'ModelName'] }, InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2 }],
        ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
      },
    },
    Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointConfigName: { 'Fn::GetAtt': ['Config', 'EndpointConfigName'] } } },
  },
});

describe('template: container images element by element, and outside keys', () => {
  it('an unresolvable container leaves a sibling pinned by a mutable tag known, and the control fails', () => {
    const inventory = inventoryOf(template({ Image: `${REPO}:latest` }, [{ Image: { 'Fn::ImportValue': 'shared-image' } }]), { account: ACCOUNT, region: REGION });
    const images = onlyDeployment(resourceOf(inventory, 'endpoint', 'Endpoint')).images;
    expect(images.known).toBe(false);
    expect(knownElements(images).map((i) => i.tag)).toEqual(['latest']);
    expect(statusOf(inventory, 'image-pinned-by-digest')).toEqual(['fail']);
  });

  it('an empty PrimaryContainer beside Containers is absent', () => {
    const inventory = inventoryOf(template({}, [{ Image: `${REPO}@${DIGEST}` }]), { account: ACCOUNT, region: REGION });
    const images = onlyDeployment(resourceOf(inventory, 'endpoint', 'Endpoint')).images;
    expect(images.known && images.value.map((i) => i.digest)).toEqual([DIGEST]);
    expect(statusOf(inventory, 'image-pinned-by-digest')).toEqual(['pass']);
  });

  it('an AWS managed alias is a provider-managed key; a key declared elsewhere is unknown, not judged on its id', () => {
    const aliased = inventoryOf(template({ Image: `${REPO}@${DIGEST}` }, undefined, 'alias/aws/sagemaker'), { account: ACCOUNT, region: REGION });
    expect(aliased.keyReferences).toEqual([expect.objectContaining({ id: 'alias/aws/sagemaker', managedBy: expect.objectContaining({ known: true, value: 'provider' }) })]);
    expect(statusOf(aliased, 'endpoint-storage-customer-key')).toEqual(['fail']);
    const outside = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9999aaaa-2222-3333-4444-555566667777`;
    const elsewhere = inventoryOf(template({ Image: `${REPO}@${DIGEST}` }, undefined, outside), { account: ACCOUNT, region: REGION });
    expect(statusOf(elsewhere, 'endpoint-storage-customer-key')).toEqual(['unknown']);
    expect(evaluate(elsewhere, defaultBaseline()).find((f) => f.controlId === 'endpoint-storage-customer-key')?.message).toContain('not declared in this template');
    expect(resourceOf(elsewhere, 'endpoint', 'Endpoint').id).toBe(`${STACK}/Endpoint`);
  });
});

describe('template: firewall rules and statements element by element', () => {
  it('an unresolvable ingress rule does not hide an open sibling rule', () => {
    const inventory = inventoryOf(
      {
        Resources: {
          Group: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'g',
              SecurityGroupIngress: [
                { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
                { IpProtocol: 'tcp', FromPort: { 'Fn::ImportValue': 'port' }, ToPort: 443, CidrIp: '10.0.0.0/8' },
              ],
            },
          },
        },
      },
      { account: ACCOUNT, region: REGION },
    );
    const ingress = resourceOf(inventory, 'firewall', 'Group').ingress;
    expect(ingress.known).toBe(false);
    expect(knownElements(ingress)).toEqual([{ protocol: 'all', fromPort: null, toPort: null, sources: ['0.0.0.0/0'] }]);
    expect(statusOf(inventory, 'firewall-no-public-ingress')).toEqual(['fail']);
  });
});
