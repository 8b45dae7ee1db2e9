import { IntrinsicResolver, type TemplateEnvironment } from '../../../../providers/aws/template/intrinsics';
import { renderString } from '../../../../providers/aws/template/render';
import { NO_VALUE, Placeholder, ResourceRef, Text, Unresolved, type ResolvedOrNoValue } from '../../../../providers/aws/template/values';

const RESOURCES: Record<string, { Type: string; Properties?: Record<string, unknown> }> = {
  Bucket: { Type: 'AWS::S3::Bucket' },
  Key: { Type: 'AWS::KMS::Key' },
  Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'models/classifier' } },
  UnnamedRepo: { Type: 'AWS::ECR::Repository' },
  Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
  Group: { Type: 'AWS::EC2::SecurityGroup' },
  Role: { Type: 'AWS::IAM::Role' },
};

function resolver(
  sections: { Parameters?: Record<string, unknown>; Conditions?: Record<string, unknown>; Mappings?: Record<string, unknown> } = {},
  environment: TemplateEnvironment = {},
): IntrinsicResolver {
  return new IntrinsicResolver(
    {
      parameters: sections.Parameters ?? {},
      conditions: sections.Conditions ?? {},
      mappings: sections.Mappings ?? {},
      resourceTypes: new Map(Object.entries(RESOURCES).map(([id, r]) => [id, r.Type])),
      resourceProperties: new Map(Object.entries(RESOURCES).map(([id, r]) => [id, r.Properties ?? {}])),
    },
    'Stack',
    environment,
  );
}

const PARAMETERS = {
  Env: { Type: 'String', Default: 'prod' },
  Count: { Type: 'Number', Default: 2 },
  Subnets: { Type: 'CommaDelimitedList', Default: 'subnet-a, subnet-b' },
  NoDefault: { Type: 'String' },
  FromSsm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/version' },
};

function expectUnresolved(value: ResolvedOrNoValue, reason: RegExp): void {
  expect(value).toBeInstanceOf(Unresolved);
  expect((value as Unresolved).reason).toMatch(reason);
}

const rendered = (value: ResolvedOrNoValue) => renderString(value as Exclude<ResolvedOrNoValue, typeof NO_VALUE>);

describe('Ref', () => {
  const r = resolver({ Parameters: PARAMETERS });

  it('to a resource is a reference to its model id', () => {
    const ref = r.resolve({ Ref: 'Bucket' });
    expect(ref).toBeInstanceOf(ResourceRef);
    expect(ref).toMatchObject({ logicalId: 'Bucket', resourceType: 'AWS::S3::Bucket', attribute: null, modelId: 'Stack/Bucket' });
  });

  it('to a parameter with a Default is the default; lists split on commas', () => {
    expect(r.resolve({ Ref: 'Env' })).toBe('prod');
    expect(r.resolve({ Ref: 'Count' })).toBe('2');
    expect(r.resolve({ Ref: 'Subnets' })).toEqual(['subnet-a', 'subnet-b']);
  });

  it('to a parameter without a Default is unresolved, saying why', () => {
    expectUnresolved(r.resolve({ Ref: 'NoDefault' }), /parameter NoDefault has no Default/);
  });

  it('to an SSM parameter is unresolved: the default is a parameter name, not the value', () => {
    expectUnresolved(r.resolve({ Ref: 'FromSsm' }), /read from SSM parameter \/cdk-bootstrap\/version/);
  });

  it('to something the template does not declare is unresolved', () => {
    expectUnresolved(r.resolve({ Ref: 'Nope' }), /neither a parameter nor a resource/);
  });

  it('AWS::NoValue removes the property and the list element', () => {
    expect(r.resolve({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
    expect(r.resolve({ A: { Ref: 'AWS::NoValue' }, B: 1 })).toEqual({ B: 1 });
    expect(r.resolve(['a', { Ref: 'AWS::NoValue' }, 'b'])).toEqual(['a', 'b']);
  });
});

describe('pseudo parameters', () => {
  it('are placeholders without an environment, rendered colon-free so ARNs still parse', () => {
    const r = resolver();
    for (const name of ['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName']) {
      expect(r.resolve({ Ref: name })).toEqual(new Placeholder(name));
    }
    const arn = r.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sagemaker' });
    expect(rendered(arn)).toBe('arn:${AWS.Partition}:kms:${AWS.Region}:${AWS.AccountId}:alias/aws/sagemaker');
  });

  it('take the values of a known environment; partition and URL suffix follow the region', () => {
    const r = resolver({}, { account: '111122223333', region: 'cn-north-1', deployedStackName: 'prod-inference' });
    expect(r.resolve({ Ref: 'AWS::AccountId' })).toBe('111122223333');
    expect(r.resolve({ Ref: 'AWS::Region' })).toBe('cn-north-1');
    expect(r.resolve({ Ref: 'AWS::Partition' })).toBe('aws-cn');
    expect(r.resolve({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com.cn');
    expect(r.resolve({ Ref: 'AWS::StackName' })).toBe('prod-inference');
  });

  it('AWS::NotificationARNs is unresolved', () => {
    expectUnresolved(resolver().resolve({ Ref: 'AWS::NotificationARNs' }), /known only at deploy time/);
  });
});

describe('Fn::GetAtt', () => {
  const r = resolver();

  it('Arn, and attributes that name the resource, are references', () => {
    expect(r.resolve({ 'Fn::GetAtt': ['Bucket', 'Arn'] })).toMatchObject({ logicalId: 'Bucket', attribute: 'Arn', modelId: 'Stack/Bucket' });
    expect(r.resolve({ 'Fn::GetAtt': 'Group.GroupId' })).toMatchObject({ logicalId: 'Group', attribute: 'GroupId' });
    expect(r.resolve({ 'Fn::GetAtt': ['Key', 'KeyId'] })).toMatchObject({ logicalId: 'Key', attribute: 'KeyId' });
  });

  it('an attribute that equals a declared property takes its value', () => {
    expect(r.resolve({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] })).toBe('10.0.0.0/16');
  });

  it('RepositoryUri is the documented URI shape, with the declared name when there is one', () => {
    expect(rendered(r.resolve({ 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }))).toBe('${AWS.AccountId}.dkr.ecr.${AWS.Region}.${AWS.URLSuffix}/models/classifier');
    const unnamed = r.resolve({ 'Fn::GetAtt': ['UnnamedRepo', 'RepositoryUri'] });
    expect(unnamed).toBeInstanceOf(Text);
    expect((unnamed as Text).parts.at(-1)).toMatchObject({ logicalId: 'UnnamedRepo', attribute: null });
  });

  it('an attribute computed at deploy time is unresolved', () => {
    expectUnresolved(r.resolve({ 'Fn::GetAtt': ['Bucket', 'DomainName'] }), /Bucket\.DomainName is computed when the stack is deployed/);
    expectUnresolved(r.resolve({ 'Fn::GetAtt': ['Missing', 'Arn'] }), /not a resource of this template/);
  });
});

describe('Fn::Join and Fn::Sub', () => {
  const r = resolver({ Parameters: PARAMETERS });

  it('Join concatenates literals, parameters and references', () => {
    const joined = r.resolve({ 'Fn::Join': ['', ['s3://', { Ref: 'Bucket' }, '/', { Ref: 'Env' }, '/model.tar.gz']] });
    expect(rendered(joined)).toBe('s3://Stack/Bucket/prod/model.tar.gz');
    expect(r.resolve({ 'Fn::Join': [',', ['a', 'b']] })).toBe('a,b');
    expect(r.resolve({ 'Fn::Join': ['-', { Ref: 'Subnets' }] })).toBe('subnet-a-subnet-b');
  });

  it('Join with an unresolvable element is unresolved with that element’s reason', () => {
    expectUnresolved(r.resolve({ 'Fn::Join': ['', ['a', { Ref: 'NoDefault' }]] }), /NoDefault has no Default/);
  });

  it('Sub resolves ${Param}, ${Resource}, ${Resource.Attr}, variables and ${!Literal}', () => {
    expect(rendered(r.resolve({ 'Fn::Sub': '${Env}-${Bucket}-${Key.Arn}' }))).toBe('prod-Stack/Bucket-Stack/Key');
    expect(r.resolve({ 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'Env' } }] })).toBe('prod-x');
    expect(r.resolve({ 'Fn::Sub': 'keep ${!Literal}' })).toBe('keep ${Literal}');
  });

  it('Sub with an unresolvable variable is unresolved', () => {
    expectUnresolved(r.resolve({ 'Fn::Sub': 'x-${NoDefault}' }), /NoDefault has no Default/);
    expectUnresolved(r.resolve({ 'Fn::Sub': '${Bucket.DomainName}' }), /computed when the stack is deployed/);
  });

  it('an ARN spelled out around a resource Ref renders as the resource id', () => {
    const arn = r.resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }, '/*']] });
    expect(rendered(arn)).toBe('Stack/Bucket/*');
    const role = r.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}' });
    expect(rendered(role)).toBe('Stack/Role');
  });
});

describe('Fn::Select and Fn::Split', () => {
  const r = resolver({ Parameters: PARAMETERS });

  it('select from a literal list, a list parameter and a split string', () => {
    expect(r.resolve({ 'Fn::Select': [1, ['a', 'b', 'c']] })).toBe('b');
    expect(r.resolve({ 'Fn::Select': ['0', { Ref: 'Subnets' }] })).toBe('subnet-a');
    expect(r.resolve({ 'Fn::Select': [2, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('c');
  });

  it('split takes a resource ARN apart along its documented shape (as CDK does for image URIs)', () => {
    const arn = { 'Fn::GetAtt': ['UnnamedRepo', 'Arn'] };
    expect(r.resolve({ 'Fn::Select': [4, { 'Fn::Split': [':', arn] }] })).toEqual(new Placeholder('AWS::AccountId'));
    expect(r.resolve({ 'Fn::Select': [3, { 'Fn::Split': [':', arn] }] })).toEqual(new Placeholder('AWS::Region'));
    const withEnv = resolver({}, { account: '111122223333', region: 'eu-west-1' });
    expect(withEnv.resolve({ 'Fn::Select': [4, { 'Fn::Split': [':', arn] }] })).toBe('111122223333');
  });

  it('split on a delimiter a reference may contain cannot say where later elements start', () => {
    // A repository name may contain '/': the element after it is not known.
    const uri = { 'Fn::Join': ['', ['x/', { Ref: 'UnnamedRepo' }, '/tail']] };
    expect(r.resolve({ 'Fn::Select': [0, { 'Fn::Split': ['/', uri] }] })).toBe('x');
    expectUnresolved(r.resolve({ 'Fn::Select': [2, { 'Fn::Split': ['/', uri] }] }), /may itself contain "\/"/);
  });

  it('an index past the end, or not a number, is unresolved', () => {
    expectUnresolved(r.resolve({ 'Fn::Select': [5, ['a']] }), /past the end/);
    expectUnresolved(r.resolve({ 'Fn::Select': [{ Ref: 'NoDefault' }, ['a']] }), /NoDefault has no Default/);
  });
});

describe('conditions and Fn::If', () => {
  const Conditions = {
    IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
    IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    ProdAndTwo: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [{ Ref: 'Count' }, 2] }] },
    Undecidable: { 'Fn::Equals': [{ Ref: 'NoDefault' }, 'x'] },
    InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
    ProdOrUndecidable: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'Undecidable' }] },
    DevAndUndecidable: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'Undecidable' }] },
    Loop: { Condition: 'Loop' },
  };
  const r = resolver({ Parameters: PARAMETERS, Conditions });

  it('evaluates conditions over parameters with defaults', () => {
    expect(r.condition('IsProd')).toBe(true);
    expect(r.condition('IsDev')).toBe(false);
    expect(r.condition('ProdAndTwo')).toBe(true);
    expect(r.resolve({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
    expect(r.resolve({ 'Fn::If': ['IsDev', 'big', { Ref: 'AWS::NoValue' }] })).toBe(NO_VALUE);
  });

  it('short-circuits And/Or when one side decides, even if the other cannot be evaluated', () => {
    expect(r.condition('ProdOrUndecidable')).toBe(true);
    expect(r.condition('DevAndUndecidable')).toBe(false);
  });

  it('a condition over an unknown value is unresolved, and so is Fn::If on it', () => {
    expect(r.condition('Undecidable')).toBeInstanceOf(Unresolved);
    expect(r.condition('InUsEast1')).toBeInstanceOf(Unresolved);
    expectUnresolved(r.resolve({ 'Fn::If': ['Undecidable', 'a', 'b'] }), /Fn::If on condition Undecidable.*NoDefault has no Default/);
  });

  it('Fn::If with equal branches does not need the condition', () => {
    expect(r.resolve({ 'Fn::If': ['Undecidable', 'same', 'same'] })).toBe('same');
  });

  it('a region condition is decided once the environment is known', () => {
    const known = resolver({ Parameters: PARAMETERS, Conditions }, { region: 'us-east-1' });
    expect(known.condition('InUsEast1')).toBe(true);
  });

  it('a circular or undeclared condition is unresolved', () => {
    expect(r.condition('Loop')).toBeInstanceOf(Unresolved);
    expect(r.condition('Nope')).toBeInstanceOf(Unresolved);
  });
});

describe('other functions', () => {
  const Mappings = { Sizes: { prod: { Instance: 'ml.m5.xlarge' } }, ByRegion: { 'us-east-1': { Ami: 'ami-1' } } };
  const r = resolver({ Parameters: PARAMETERS, Mappings });

  it('Fn::FindInMap with known keys looks the value up; a missing entry is unresolved', () => {
    expect(r.resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Instance'] })).toBe('ml.m5.xlarge');
    expectUnresolved(r.resolve({ 'Fn::FindInMap': ['Sizes', 'dev', 'Instance'] }), /does not exist/);
  });

  it('Fn::FindInMap keyed by an unknown region is unresolved', () => {
    expectUnresolved(r.resolve({ 'Fn::FindInMap': ['ByRegion', { Ref: 'AWS::Region' }, 'Ami'] }), /FindInMap key cannot be resolved/);
  });

  it('Fn::ImportValue, Fn::GetAZs and Fn::Cidr are unresolved with the reason', () => {
    expectUnresolved(r.resolve({ 'Fn::ImportValue': 'shared-key-arn' }), /another stack's export/);
    expectUnresolved(r.resolve({ 'Fn::GetAZs': '' }), /availability zones/);
    expectUnresolved(r.resolve({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }), /not evaluated/);
  });

  it('Fn::Base64 of a literal is encoded', () => {
    expect(r.resolve({ 'Fn::Base64': 'hi' })).toBe('aGk=');
  });

  it('a circular attribute reference is cut off, not a stack overflow', () => {
    const looping = new IntrinsicResolver(
      {
        parameters: {},
        conditions: {},
        mappings: {},
        resourceTypes: new Map([['Sg', 'AWS::EC2::SecurityGroup']]),
        resourceProperties: new Map([['Sg', { VpcId: { 'Fn::GetAtt': ['Sg', 'VpcId'] } }]]),
      },
      'Stack',
    );
    expectUnresolved(looping.resolve({ 'Fn::GetAtt': ['Sg', 'VpcId'] }), /circular/);
  });
});
