// Templates of the shapes people write (issue 13): parameters without defaults, conditions around
// values and whole blocks, endpoint configs without endpoints, roles for other services, SAM and
// custom resources. Verdicts the template settles are pass / fail / not_applicable; only what is
// truly open is unknown, naming what would settle it.
import { join } from 'node:path';
import type { Status } from '../../../../policies/control';
import { defaultBaseline } from '../../../../policies/baseline';
import { evaluate, type Finding } from '../../../../policies/evaluate';
import type { Inventory } from '../../../../policies/model';
import { parseTemplateText, readCloudFormation, templateToInventory } from '../../../../providers/aws/template';
import { parseParameterValues } from '../../../../providers/aws/template/parameters-file';
import { MAX_CONDITION_ASSIGNMENTS } from '../../../../providers/aws/template/template-to-inventory';
import { inventoryOf } from './helpers';

const fixture = (name: string) => join(__dirname, 'fixtures', 'issue13', `${name}.yaml`);

function findings(inventory: Inventory): Finding[] {
  return evaluate(inventory, defaultBaseline());
}

function verdict(all: readonly Finding[], controlId: string, resource: string): Finding {
  const found = all.find((f) => f.controlId === controlId && f.resourceId.endsWith(`/${resource}`));
  if (!found) throw new Error(`no ${controlId} finding on ${resource}: ${all.map((f) => `${f.controlId}@${f.resourceId}`).join(', ')}`);
  return found;
}

const statusOf = (all: readonly Finding[], controlId: string, resource: string): Status => verdict(all, controlId, resource).status;

describe('an unresolved value erases only what it touches', () => {
  it('an instance type from a parameter without default keeps the variant an instance variant', async () => {
    const all = findings(await readCloudFormation(fixture('parameter-without-default')));
    expect(statusOf(all, 'model-network-isolation', 'Endpoint')).toBe('fail');
    expect(statusOf(all, 'model-private-network', 'Endpoint')).toBe('fail');
    expect(statusOf(all, 'endpoint-multiple-instances', 'Endpoint')).toBe('pass');
    // Only the storage key depends on the type (NVMe types cannot take one): unknown, naming the parameter.
    const storage = verdict(all, 'endpoint-storage-customer-key', 'Endpoint');
    expect(storage.status).toBe('unknown');
    expect(storage.message).toMatch(/InstanceType is not known \(parameter EndpointInstanceType/);
  });

  it('a given parameter value settles it: an EBS type without a key fails, an NVMe type is not applicable', async () => {
    const ebs = findings(await readCloudFormation(fixture('parameter-without-default'), { parameterValues: { EndpointInstanceType: 'ml.m5.large' } }));
    expect(statusOf(ebs, 'endpoint-storage-customer-key', 'Endpoint')).toBe('fail');
    const nvme = findings(await readCloudFormation(fixture('parameter-without-default'), { parameterValues: { EndpointInstanceType: 'ml.g5.xlarge' } }));
    expect(statusOf(nvme, 'endpoint-storage-customer-key', 'Endpoint')).toBe('not_applicable');
  });

  it('a subnet given at deploy time is still a subnet: the attachment is known', () => {
    const all = findings(
      inventoryOf(`
Parameters: { Subnet: { Type: 'AWS::EC2::Subnet::Id' } }
Resources:
  Group: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: g, VpcId: vpc-1 } }
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: arn:aws:iam::111122223333:role/model
      VpcConfig: { Subnets: [!Ref Subnet], SecurityGroupIds: [!Ref Group] }
      PrimaryContainer: { Image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/m@sha256:${'c'.repeat(64)} }
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties: { ProductionVariants: [{ VariantName: A, ModelName: !GetAtt Model.ModelName, InstanceType: ml.m5.large, InitialInstanceCount: 2 }] }
  Endpoint: { Type: AWS::SageMaker::Endpoint, Properties: { EndpointConfigName: !GetAtt Config.EndpointConfigName } }
`),
    );
    expect(statusOf(all, 'model-private-network', 'Endpoint')).toBe('pass');
  });
});

describe('conditions the template cannot evaluate', () => {
  it('the same verdict under every assignment is that verdict; a different one is unknown naming the condition and each verdict', async () => {
    const inventory = await readCloudFormation(fixture('conditions'));
    expect(inventory.alternatives?.map((a) => a.assumptions.join(', ')).sort()).toEqual([
      'condition HasKey = false, condition InVpc = false',
      'condition HasKey = false, condition InVpc = true',
      'condition HasKey = true, condition InVpc = false',
      'condition HasKey = true, condition InVpc = true',
    ]);
    const all = findings(inventory);
    // Isolation is on in both branches of the Fn::If around the whole Properties block.
    const isolation = verdict(all, 'model-network-isolation', 'Endpoint');
    expect(isolation.status).toBe('pass');
    expect(isolation.evidence.length).toBeGreaterThan(0);
    const network = verdict(all, 'model-private-network', 'Endpoint');
    expect(network.status).toBe('unknown');
    expect(network.message).toMatch(/under condition InVpc = true: pass .*under condition InVpc = false: fail/);
    // `KmsKeyId: !If [HasKey, !Ref Key, '']`: the empty string is "no key".
    const storage = verdict(all, 'endpoint-storage-customer-key', 'Endpoint');
    expect(storage.status).toBe('unknown');
    expect(storage.message).toMatch(/under condition HasKey = true: pass .*under condition HasKey = false: fail \(.*provider-managed key/);
    expect(statusOf(all, 'endpoint-multiple-instances', 'Endpoint')).toBe('pass');
  });

  it('parameters decide the conditions: no alternatives, plain verdicts', async () => {
    const given = parseParameterValues('KeyArn=arn:aws:kms:us-east-1:111122223333:key/k UseVpc=false Subnet=subnet-1', 'params.txt');
    const inventory = await readCloudFormation(fixture('conditions'), given);
    expect(inventory.alternatives).toBeUndefined();
    const all = findings(inventory);
    expect(statusOf(all, 'endpoint-storage-customer-key', 'Endpoint')).toBe('pass');
    expect(statusOf(all, 'model-private-network', 'Endpoint')).toBe('fail');
  });

  it('a resource whose condition cannot be evaluated is judged where it is created', () => {
    const all = findings(
      inventoryOf(`
Parameters: { Env: { Type: String } }
Conditions: { Prod: !Equals [!Ref Env, prod] }
Resources:
  Key: { Type: AWS::KMS::Key, Condition: Prod, Properties: { EnableKeyRotation: false } }
`),
    );
    expect(statusOf(all, 'key-rotation-enabled', 'Key')).toBe('fail');
  });

  it('says so when the bound on assignments is hit, and judges without assuming', () => {
    const count = Math.ceil(Math.log2(MAX_CONDITION_ASSIGNMENTS)) + 1;
    const names = Array.from({ length: count }, (_v, i) => `C${i}`);
    const template = {
      Parameters: Object.fromEntries(names.map((n) => [`P${n}`, { Type: 'String' }])),
      Conditions: Object.fromEntries(names.map((n) => [n, { 'Fn::Equals': [{ Ref: `P${n}` }, 'yes'] }])),
      Resources: Object.fromEntries(names.map((n) => [`Key${n}`, { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: { 'Fn::If': [n, true, false] } } }])),
    };
    const inventory = inventoryOf(template);
    expect(inventory.alternatives).toBeUndefined();
    expect(inventory.gaps).toEqual([expect.objectContaining({ errorCode: 'TooManyConditionAssignments', message: expect.stringMatching(/more than 32 combinations/) })]);
    expect(statusOf(findings(inventory), 'key-rotation-enabled', 'KeyC0')).toBe('unknown');
  });
});

describe('an endpoint config without an endpoint is judged all the same', () => {
  it('its storage key, instance count, images, network and its model role are judged', async () => {
    const inventory = await readCloudFormation(fixture('config-without-endpoint'));
    const config = inventory.resources.find((r) => r.id === 'config-without-endpoint/Config');
    expect(config).toMatchObject({ kind: 'endpoint', configurationOnly: true });
    const all = findings(inventory);
    for (const control of ['endpoint-storage-customer-key', 'endpoint-multiple-instances', 'image-private-registry', 'image-pinned-by-digest', 'model-network-isolation', 'model-private-network']) {
      expect([control, statusOf(all, control, 'Config')]).toEqual([control, 'fail']);
    }
    // The role is used by the config's model: judged, not "not used by any inference deployment".
    expect(statusOf(all, 'identity-least-privilege', 'Role')).toBe('fail');
    // Who will watch the endpoint is open: unknown, saying why.
    expect(verdict(all, 'model-monitoring-scheduled', 'Config').message).toMatch(/no AWS::SageMaker::Endpoint of this template uses/);
  });

  it('a config whose endpoint is conditioned away is not judged as awaiting an endpoint', () => {
    const inventory = inventoryOf(`
Conditions: { Never: !Equals [a, b] }
Resources:
  Config: { Type: AWS::SageMaker::EndpointConfig, Properties: { ProductionVariants: [{ VariantName: A, ModelName: m, InstanceType: ml.m5.large, InitialInstanceCount: 1 }] } }
  Endpoint: { Type: AWS::SageMaker::Endpoint, Condition: Never, Properties: { EndpointConfigName: !GetAtt Config.EndpointConfigName } }
`);
    expect(inventory.resources.filter((r) => r.kind === 'endpoint')).toEqual([]);
  });
});

describe('applicability by trust', () => {
  it('a role only Lambda can assume is not applicable, saying why; a model role given as a parameter is unknown, never absent', async () => {
    const all = findings(await readCloudFormation(fixture('trust-and-role-parameter')));
    const lambdaRole = verdict(all, 'identity-least-privilege', 'FunctionRole');
    expect(lambdaRole.status).toBe('not_applicable');
    expect(lambdaRole.message).toMatch(/trust policy/);
    const modelRole = verdict(all, 'identity-least-privilege', 'ExecutionRoleArn');
    expect(modelRole.status).toBe('unknown');
    expect(modelRole.message).toMatch(/parameter ModelRoleArn/);
  });

  it('a role SageMaker can assume is judged even when some deployment role is unknown', () => {
    const all = findings(
      inventoryOf(`
Parameters: { ModelRoleArn: { Type: String } }
Resources:
  Broad:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: [sagemaker.amazonaws.com] }, Action: sts:AssumeRole }] }
      Policies: [{ PolicyName: all, PolicyDocument: { Statement: [{ Effect: Allow, Action: '*', Resource: '*' }] } }]
  Model: { Type: AWS::SageMaker::Model, Properties: { ExecutionRoleArn: !Ref ModelRoleArn, PrimaryContainer: { Image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/m:1 } } }
  Config: { Type: AWS::SageMaker::EndpointConfig, Properties: { ProductionVariants: [{ VariantName: A, ModelName: !GetAtt Model.ModelName, InstanceType: ml.m5.large, InitialInstanceCount: 2 }] } }
`),
    );
    expect(statusOf(all, 'identity-least-privilege', 'Broad')).toBe('fail');
  });
});

describe('transforms and custom resources', () => {
  it('a SAM template has its plain resources judged; SAM resources and SageMaker-like custom resources are coverage gaps', async () => {
    const inventory = await readCloudFormation(fixture('sam-and-custom'));
    const all = findings(inventory);
    expect(statusOf(all, 'image-pinned-by-digest', 'Endpoint')).toBe('fail');
    expect(inventory.gaps.map((g) => [g.errorCode, g.resourceId])).toEqual([
      ['ServerlessResourceNotExpanded', 'sam-and-custom/Invoke'],
      ['CustomResourceNotRead', 'sam-and-custom/DeployModel'],
    ]);
  });

  it('another macro is a gap that says the template was read as written', () => {
    const inventory = inventoryOf({ Transform: ['AWS::LanguageExtensions'], Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });
    expect(inventory.gaps).toEqual([expect.objectContaining({ errorCode: 'TransformNotExpanded', message: expect.stringMatching(/AWS::LanguageExtensions/) })]);
  });
});

describe('--parameters files', () => {
  it('reads the CloudFormation CLI JSON, Key=Value lists, the CLI shorthand and {"Parameters": {...}}', () => {
    const cli = parseParameterValues(JSON.stringify([{ ParameterKey: 'A', ParameterValue: '1' }, { ParameterKey: 'B', UsePreviousValue: true }, { ParameterKey: 'S', ParameterValue: '/ssm/name', ResolvedValue: 'ml.m5.large' }]), 'p.json');
    expect(cli).toEqual({ parameterValues: { A: '1', S: '/ssm/name' }, resolvedParameterValues: { S: 'ml.m5.large' } });
    expect(parseParameterValues('A=1 B="two words"\nC=x=y', 'p.txt').parameterValues).toEqual({ A: '1', B: 'two words', C: 'x=y' });
    expect(parseParameterValues('["A=1", "B=2"]', 'p.json').parameterValues).toEqual({ A: '1', B: '2' });
    expect(parseParameterValues('ParameterKey=A,ParameterValue=1', 'p.txt').parameterValues).toEqual({ A: '1' });
    expect(parseParameterValues('{"Parameters": {"A": "1"}}', 'p.json').parameterValues).toEqual({ A: '1' });
  });

  it('refuses what it cannot read, saying the formats', () => {
    expect(() => parseParameterValues('{"A": 1}', 'p.json')).toThrow(/p.json: is JSON of another shape; expected the CloudFormation CLI JSON/);
    expect(() => parseParameterValues('novalue', 'p.txt')).toThrow(/"novalue" is not Key=Value/);
    expect(() => parseParameterValues('A=1 A=2', 'p.txt')).toThrow(/parameter A is given twice/);
  });

  it('a parameter the template does not declare is an error', async () => {
    await expect(readCloudFormation(fixture('parameter-without-default'), { parameterValues: { Typo: 'x' } })).rejects.toThrow(/Typo is not a parameter of the template \(it declares: EndpointInstanceType\)/);
  });

  it('an SSM parameter is unknown without a resolved value, known with one', () => {
    const template = `
Parameters: { Type: { Type: 'AWS::SSM::Parameter::Value<String>', Default: /inference/instance-type } }
Resources:
  Config: { Type: AWS::SageMaker::EndpointConfig, Properties: { ProductionVariants: [{ VariantName: A, ModelName: m, InstanceType: !Ref Type, InitialInstanceCount: 1 }] } }
`;
    const open = findings(inventoryOf(template));
    expect(verdict(open, 'endpoint-storage-customer-key', 'Config').status).toBe('unknown');
    expect(verdict(open, 'endpoint-storage-customer-key', 'Config').message).toMatch(/read from SSM parameter \/inference\/instance-type/);
    const parsed = parseTemplateText(template, 'ssm.yaml');
    const resolved = findings(templateToInventory(parsed, 'Stack', {}, { resolvedParameterValues: { Type: 'ml.m5.large' } }));
    expect(verdict(resolved, 'endpoint-storage-customer-key', 'Config').status).toBe('fail');
  });
});
