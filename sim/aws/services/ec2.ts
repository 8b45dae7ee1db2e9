// EC2 (EC2 Query protocol, version 2016-11-15): VPC endpoints and security groups, and the writes that
// build a network for them (CreateVpc, CreateSubnet, CreateSecurityGroup, AuthorizeSecurityGroupIngress, CreateVpcEndpoint).
import { z } from 'zod';
import type { IpPermission, SecurityGroup, SecurityGroupRule, Subnet, Tag, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import { AwsApiError } from '../errors';
import { ids } from '../ids';
import { paginate } from '../pagination';
import { policyDocumentProblem } from '../policy-document';
import { vpcEndpointState } from '../ec2-shapes';
import { ec2Protocol, type Ec2Output } from '../protocols/ec2';
import type { RegionState } from '../store';
import { applyFilters, type FilterTable } from './ec2-filters';
import { defineService, type CallContext, type Operation } from './service';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const integer = z.coerce.number().int();
const filters = z.array(z.object({ Name: z.string(), Value: z.array(z.string()).optional() })).optional();
const maxResults = integer.min(5).max(1000).optional();
const tagSpecifications = z
  .array(z.object({ ResourceType: z.string().optional(), Tag: z.array(z.object({ Key: z.string(), Value: z.string().optional() })).optional() }))
  .optional();
const CIDR = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/);

const describeVpcEndpointsInput = z.object({
  VpcEndpointId: z.array(z.string()).optional(),
  Filter: filters,
  MaxResults: maxResults,
  NextToken: z.string().optional(),
});
const describeSecurityGroupsInput = z.object({
  GroupId: z.array(z.string()).optional(),
  GroupName: z.array(z.string()).optional(),
  Filter: filters,
  MaxResults: maxResults,
  NextToken: z.string().optional(),
});
const createVpcInput = z.object({ CidrBlock: CIDR, InstanceTenancy: z.enum(['default', 'dedicated', 'host']).optional(), TagSpecification: tagSpecifications });
const createSubnetInput = z.object({ VpcId: z.string(), CidrBlock: CIDR, AvailabilityZone: z.string().optional(), TagSpecification: tagSpecifications });
const createSecurityGroupInput = z.object({
  GroupName: z.string().min(1).max(255),
  GroupDescription: z.string().min(1).max(255),
  VpcId: z.string().optional(),
  TagSpecification: tagSpecifications,
});
const ipPermissionInput = z.object({
  IpProtocol: z.string(),
  FromPort: integer.optional(),
  ToPort: integer.optional(),
  Groups: z.array(z.object({ GroupId: z.string().optional(), GroupName: z.string().optional(), UserId: z.string().optional(), Description: z.string().optional() })).optional(),
  IpRanges: z.array(z.object({ CidrIp: CIDR, Description: z.string().optional() })).optional(),
  Ipv6Ranges: z.array(z.object({ CidrIpv6: z.string(), Description: z.string().optional() })).optional(),
  PrefixListIds: z.array(z.object({ PrefixListId: z.string(), Description: z.string().optional() })).optional(),
});
const authorizeIngressInput = z.object({
  GroupId: z.string().optional(),
  GroupName: z.string().optional(),
  IpPermissions: z.array(ipPermissionInput).optional(),
  CidrIp: CIDR.optional(),
  IpProtocol: z.string().optional(),
  FromPort: integer.optional(),
  ToPort: integer.optional(),
  SourceSecurityGroupName: z.string().optional(),
  TagSpecification: tagSpecifications,
});
const createVpcEndpointInput = z.object({
  VpcId: z.string(),
  ServiceName: z.string(),
  VpcEndpointType: z.enum(['Interface', 'Gateway', 'GatewayLoadBalancer', 'Resource', 'ServiceNetwork']).optional(),
  PolicyDocument: z.string().optional(),
  RouteTableId: z.array(z.string()).optional(),
  SubnetId: z.array(z.string()).optional(),
  SecurityGroupId: z.array(z.string()).optional(),
  PrivateDnsEnabled: flag.optional(),
  TagSpecification: tagSpecifications,
});

const FULL_ACCESS_ENDPOINT_POLICY = JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }] });

const vpcEndpointFilters: FilterTable<VpcEndpoint> = {
  'service-name': (e) => [e.ServiceName],
  'vpc-id': (e) => [e.VpcId],
  'vpc-endpoint-id': (e) => [e.VpcEndpointId],
  'vpc-endpoint-state': (e) => [e.State?.toLowerCase()],
  'vpc-endpoint-type': (e) => [e.VpcEndpointType],
  'ip-address-type': (e) => [e.IpAddressType],
};

const securityGroupFilters: FilterTable<SecurityGroup> = {
  'group-id': (g) => [g.GroupId],
  'group-name': (g) => [g.GroupName],
  'vpc-id': (g) => [g.VpcId],
  description: (g) => [g.Description],
  'owner-id': (g) => [g.OwnerId],
  'ip-permission.cidr': (g) => (g.IpPermissions ?? []).flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp)),
  'ip-permission.ipv6-cidr': (g) => (g.IpPermissions ?? []).flatMap((p) => (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6)),
  'ip-permission.from-port': (g) => (g.IpPermissions ?? []).map((p) => p.FromPort),
  'ip-permission.to-port': (g) => (g.IpPermissions ?? []).map((p) => p.ToPort),
  'ip-permission.protocol': (g) => (g.IpPermissions ?? []).map((p) => p.IpProtocol),
  'ip-permission.group-id': (g) => (g.IpPermissions ?? []).flatMap((p) => (p.UserIdGroupPairs ?? []).map((u) => u.GroupId)),
  'egress.ip-permission.cidr': (g) => (g.IpPermissionsEgress ?? []).flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp)),
};

const invalidToken = () => new AwsApiError('InvalidPaginationToken', 'The pagination token is not valid: it is malformed or was issued for another request.');

function tagsFor(specs: z.infer<typeof tagSpecifications>, resourceType: string): Tag[] | undefined {
  const tags = (specs ?? []).filter((s) => s.ResourceType === undefined || s.ResourceType === resourceType).flatMap((s) => s.Tag ?? []);
  return tags.length === 0 ? undefined : tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

function requireVpc(state: RegionState, vpcId: string): Vpc {
  const vpc = state.ec2.vpcs.get(vpcId);
  if (vpc === undefined) throw new AwsApiError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  return vpc;
}

function requireGroup(state: RegionState, groupId: string): SecurityGroup {
  const group = state.ec2.securityGroups.get(groupId);
  if (group === undefined) throw new AwsApiError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
  return group;
}

/** EC2 answers SecurityGroup.Description as `groupDescription`: rename so the generic writer names it right. */
function wireSecurityGroup(group: SecurityGroup): object {
  const { Description, ...rest } = group;
  return { ...rest, GroupDescription: Description };
}

const describeVpcEndpoints: Operation<Record<string, unknown>, Ec2Output> = (raw, ctx) => {
  const input = ctx.validate(describeVpcEndpointsInput, raw);
  const endpoints = ctx.regional().ec2.vpcEndpoints;
  const selected = input.VpcEndpointId?.map((id) => {
    const found = endpoints.get(id);
    if (found === undefined) throw new AwsApiError('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${id}' does not exist`);
    return found;
  }) ?? [...endpoints.values()];
  const filtered = applyFilters(selected, input.Filter, vpcEndpointFilters);
  const listing = `DescribeVpcEndpoints:${ctx.region}:${JSON.stringify([input.VpcEndpointId, input.Filter])}`;
  const page = paginate(filtered, { listing, token: input.NextToken, pageSize: input.MaxResults ?? 1000, invalidToken });
  return { VpcEndpoints: page.items, NextToken: page.nextToken };
};

const describeSecurityGroups: Operation<Record<string, unknown>, Ec2Output> = (raw, ctx) => {
  const input = ctx.validate(describeSecurityGroupsInput, raw);
  if ((input.GroupId !== undefined || input.GroupName !== undefined) && input.MaxResults !== undefined) {
    throw new AwsApiError('InvalidParameterCombination', 'The parameter GroupIds or GroupNames cannot be used with the parameter MaxResults');
  }
  const state = ctx.regional();
  const all = [...state.ec2.securityGroups.values()];
  let selected = input.GroupId?.map((id) => requireGroup(state, id)) ?? all;
  if (input.GroupName !== undefined) {
    selected = input.GroupName.map((name) => {
      const found = selected.find((g) => g.GroupName === name);
      if (found === undefined) throw new AwsApiError('InvalidGroup.NotFound', `The security group '${name}' does not exist`);
      return found;
    });
  }
  const filtered = applyFilters(selected, input.Filter, securityGroupFilters);
  const listing = `DescribeSecurityGroups:${ctx.region}:${JSON.stringify([input.GroupId, input.GroupName, input.Filter])}`;
  const page = paginate(filtered, { listing, token: input.NextToken, pageSize: input.MaxResults ?? 1000, invalidToken });
  return { SecurityGroups: page.items.map(wireSecurityGroup), NextToken: page.nextToken };
};

function newSecurityGroup(ctx: CallContext, vpcId: string, name: string, description: string, tags?: Tag[]): SecurityGroup {
  const groupId = ids.ec2('sg');
  return {
    GroupId: groupId,
    GroupName: name,
    Description: description,
    VpcId: vpcId,
    OwnerId: ctx.account,
    SecurityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group/${groupId}`,
    IpPermissions: [],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], UserIdGroupPairs: [], Ipv6Ranges: [], PrefixListIds: [] }],
    Tags: tags,
  };
}

const createVpc: Operation<Record<string, unknown>, Ec2Output> = (raw, ctx) => {
  const input = ctx.validate(createVpcInput, raw);
  const state = ctx.regional();
  const vpcId = ids.ec2('vpc');
  const vpc: Vpc = {
    VpcId: vpcId,
    State: 'available',
    CidrBlock: input.CidrBlock,
    DhcpOptionsId: ids.ec2('dopt'),
    InstanceTenancy: input.InstanceTenancy ?? 'default',
    IsDefault: false,
    OwnerId: ctx.account,
    CidrBlockAssociationSet: [{ AssociationId: ids.ec2('vpc-cidr-assoc'), CidrBlock: input.CidrBlock, CidrBlockState: { State: 'associated' } }],
    Tags: tagsFor(input.TagSpecification, 'vpc'),
  };
  state.ec2.vpcs.set(vpcId, vpc);
  // Every VPC comes with a security group named `default` that admits traffic from its own members.
  const defaultGroup = newSecurityGroup(ctx, vpcId, 'default', 'default VPC security group');
  defaultGroup.IpPermissions = [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: defaultGroup.GroupId, UserId: ctx.account }], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [] }];
  state.ec2.securityGroups.set(defaultGroup.GroupId ?? '', defaultGroup);
  return { Vpc: { ...vpc, State: 'pending' } };
};

const createSubnet: Operation<Record<string, unknown>, Ec2Output> = (raw, ctx) => {
  const input = ctx.validate(createSubnetInput, raw);
  const state = ctx.regional();
  requireVpc(state, input.VpcId);
  const subnetId = ids.ec2('subnet');
  const prefix = Number(input.CidrBlock.split('/')[1]);
  const subnet: Subnet = {
    SubnetId: subnetId,
    SubnetArn: `arn:aws:ec2:${ctx.region}:${ctx.account}:subnet/${subnetId}`,
    VpcId: input.VpcId,
    CidrBlock: input.CidrBlock,
    AvailabilityZone: input.AvailabilityZone ?? `${ctx.region}a`,
    State: 'available',
    AvailableIpAddressCount: Math.max(0, 2 ** (32 - prefix) - 5),
    DefaultForAz: false,
    MapPublicIpOnLaunch: false,
    OwnerId: ctx.account,
    Tags: tagsFor(input.TagSpecification, 'subnet'),
  };
  state.ec2.subnets.set(subnetId, subnet);
  return { Subnet: subnet };
};

const createSecurityGroup: Operation<Record<string, unknown>, Ec2Output> = (raw, ctx) => {
  const input = ctx.validate(createSecurityGroupInput, raw);
  const state = ctx.regional();
  if (input.VpcId === undefined) throw new AwsApiError('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
  requireVpc(state, input.VpcId);
  if (input.GroupName.toLowerCase().startsWith('sg-')) {
    throw new AwsApiError('InvalidParameterValue', `Value (${input.GroupName}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`);
  }
  const duplicate = [...state.ec2.securityGroups.values()].some((g) => g.VpcId === input.VpcId && g.GroupName === input.GroupName);
  if (duplicate) throw new AwsApiError('InvalidGroup.Duplicate', `The security group '${input.GroupName}' already exists for VPC '${input.VpcId}'`);
  const group = newSecurityGroup(ctx, input.VpcId, input.GroupName, input.GroupDescription, tagsFor(input.TagSpecification, 'security-group'));
  state.ec2.securityGroups.set(group.GroupId ?? '', group);
  return { GroupId: group.GroupId, SecurityGroupArn: group.SecurityGroupArn, Tags: group.Tags };
};

function normalizeProtocol(protocol: string): string {
  const lower = protocol.toLowerCase();
  const byNumber: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };
  return byNumber[lower] ?? lower;
}

/** The permissions an AuthorizeSecurityGroupIngress request grants, from IpPermissions or the older flat parameters. */
function requestedPermissions(input: z.infer<typeof authorizeIngressInput>, state: RegionState, group: SecurityGroup): IpPermission[] {
  if (input.IpPermissions !== undefined) {
    return input.IpPermissions.map((p) => ({
      IpProtocol: normalizeProtocol(p.IpProtocol),
      FromPort: p.FromPort,
      ToPort: p.ToPort,
      IpRanges: p.IpRanges ?? [],
      Ipv6Ranges: p.Ipv6Ranges ?? [],
      PrefixListIds: p.PrefixListIds ?? [],
      UserIdGroupPairs: (p.Groups ?? []).map((g) => {
        const source = g.GroupId !== undefined ? requireGroup(state, g.GroupId) : [...state.ec2.securityGroups.values()].find((s) => s.VpcId === group.VpcId && s.GroupName === g.GroupName);
        if (source === undefined) throw new AwsApiError('InvalidGroup.NotFound', `The security group '${g.GroupName ?? ''}' does not exist`);
        return { GroupId: source.GroupId, UserId: g.UserId ?? source.OwnerId, Description: g.Description };
      }),
    }));
  }
  if (input.IpProtocol === undefined || (input.CidrIp === undefined && input.SourceSecurityGroupName === undefined)) {
    throw new AwsApiError('MissingParameter', 'The request must contain the parameter ipPermissions');
  }
  const source = input.SourceSecurityGroupName === undefined ? undefined : [...state.ec2.securityGroups.values()].find((s) => s.VpcId === group.VpcId && s.GroupName === input.SourceSecurityGroupName);
  if (input.SourceSecurityGroupName !== undefined && source === undefined) {
    throw new AwsApiError('InvalidGroup.NotFound', `The security group '${input.SourceSecurityGroupName}' does not exist`);
  }
  return [
    {
      IpProtocol: normalizeProtocol(input.IpProtocol),
      FromPort: input.FromPort,
      ToPort: input.ToPort,
      IpRanges: input.CidrIp === undefined ? [] : [{ CidrIp: input.CidrIp }],
      Ipv6Ranges: [],
      PrefixListIds: [],
      UserIdGroupPairs: source === undefined ? [] : [{ GroupId: source.GroupId, UserId: source.OwnerId }],
    },
  ];
}

function samePorts(a: IpPermission, b: IpPermission): boolean {
  return a.IpProtocol === b.IpProtocol && (a.IpProtocol === '-1' || (a.FromPort === b.FromPort && a.ToPort === b.ToPort));
}

const authorizeSecurityGroupIngress: Operation<Record<string, unknown>, Ec2Output> = (raw, ctx) => {
  const input = ctx.validate(authorizeIngressInput, raw);
  const state = ctx.regional();
  if (input.GroupId === undefined && input.GroupName === undefined) throw new AwsApiError('MissingParameter', 'The request must contain the parameter groupId or groupName');
  const group =
    input.GroupId !== undefined
      ? requireGroup(state, input.GroupId)
      : [...state.ec2.securityGroups.values()].find((g) => g.GroupName === input.GroupName);
  if (group === undefined) throw new AwsApiError('InvalidGroup.NotFound', `The security group '${input.GroupName ?? ''}' does not exist`);
  const requested = requestedPermissions(input, state, group);
  const permissions = (group.IpPermissions ?? []).map((p) => ({ ...p }));
  const rules: SecurityGroupRule[] = [];
  for (const permission of requested) {
    if (permission.IpProtocol === '-1') {
      permission.FromPort = undefined;
      permission.ToPort = undefined;
    }
    const existing = permissions.find((p) => samePorts(p, permission));
    for (const range of permission.IpRanges ?? []) {
      if (existing?.IpRanges?.some((r) => r.CidrIp === range.CidrIp)) {
        throw new AwsApiError(
          'InvalidPermission.Duplicate',
          `the specified rule "peer: ${range.CidrIp ?? ''}, ${permission.IpProtocol?.toUpperCase() ?? ''}, from port: ${String(permission.FromPort)}, to port: ${String(permission.ToPort)}, ALLOW" already exists`,
        );
      }
    }
    if (existing === undefined) permissions.push(permission);
    else {
      existing.IpRanges = [...(existing.IpRanges ?? []), ...(permission.IpRanges ?? [])];
      existing.Ipv6Ranges = [...(existing.Ipv6Ranges ?? []), ...(permission.Ipv6Ranges ?? [])];
      existing.PrefixListIds = [...(existing.PrefixListIds ?? []), ...(permission.PrefixListIds ?? [])];
      existing.UserIdGroupPairs = [...(existing.UserIdGroupPairs ?? []), ...(permission.UserIdGroupPairs ?? [])];
    }
    const base = { GroupId: group.GroupId, GroupOwnerId: group.OwnerId, IsEgress: false, IpProtocol: permission.IpProtocol, FromPort: permission.FromPort ?? -1, ToPort: permission.ToPort ?? -1 };
    for (const range of permission.IpRanges ?? []) rules.push({ ...base, SecurityGroupRuleId: ids.ec2('sgr'), CidrIpv4: range.CidrIp, Description: range.Description });
    for (const pair of permission.UserIdGroupPairs ?? []) {
      rules.push({ ...base, SecurityGroupRuleId: ids.ec2('sgr'), ReferencedGroupInfo: { GroupId: pair.GroupId, UserId: pair.UserId }, Description: pair.Description });
    }
  }
  group.IpPermissions = permissions;
  return { Return: true, SecurityGroupRules: rules };
};

const SERVICE_NAME = (region: string) => new RegExp(`^(com\\.amazonaws\\.(vpce\\.)?${region}\\.[a-z0-9.-]+|aws\\.sagemaker\\.${region}\\.[a-z0-9.-]+)$`);

const createVpcEndpoint: Operation<Record<string, unknown>, Ec2Output> = (raw, ctx) => {
  const input = ctx.validate(createVpcEndpointInput, raw);
  const state = ctx.regional();
  requireVpc(state, input.VpcId);
  if (!SERVICE_NAME(ctx.region).test(input.ServiceName)) {
    throw new AwsApiError('InvalidServiceName', `The Vpc Endpoint Service '${input.ServiceName}' does not exist`);
  }
  const type = input.VpcEndpointType ?? 'Gateway';
  for (const subnetId of input.SubnetId ?? []) {
    const subnet = state.ec2.subnets.get(subnetId);
    if (subnet === undefined) throw new AwsApiError('InvalidSubnetId.NotFound', `The subnet ID '${subnetId}' does not exist`);
    if (subnet.VpcId !== undefined && subnet.VpcId !== input.VpcId) {
      throw new AwsApiError('InvalidParameter', `The subnet ID '${subnetId}' does not belong to the VPC '${input.VpcId}'`);
    }
  }
  const groups = (input.SecurityGroupId ?? []).map((id) => requireGroup(state, id));
  if (input.PolicyDocument !== undefined && policyDocumentProblem(input.PolicyDocument) !== undefined) {
    throw new AwsApiError('MalformedPolicyDocument', 'The policy document is not valid JSON');
  }
  const endpointId = ids.ec2('vpce');
  const serviceSuffix = input.ServiceName.split('.').slice(3).join('.');
  const interfaceLike = type === 'Interface';
  const endpoint: VpcEndpoint = {
    VpcEndpointId: endpointId,
    VpcEndpointType: type,
    VpcId: input.VpcId,
    ServiceName: input.ServiceName,
    State: vpcEndpointState('available'),
    PolicyDocument: input.PolicyDocument ?? FULL_ACCESS_ENDPOINT_POLICY,
    RouteTableIds: input.RouteTableId ?? [],
    SubnetIds: input.SubnetId ?? [],
    Groups: groups.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
    IpAddressType: 'ipv4',
    DnsOptions: interfaceLike ? { DnsRecordIpType: 'ipv4' } : undefined,
    PrivateDnsEnabled: interfaceLike ? (input.PrivateDnsEnabled ?? true) : false,
    RequesterManaged: false,
    NetworkInterfaceIds: interfaceLike ? (input.SubnetId ?? []).map(() => ids.ec2('eni')) : [],
    DnsEntries: interfaceLike ? [{ DnsName: `${endpointId}.${serviceSuffix}.${ctx.region}.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' }] : [],
    CreationTimestamp: ctx.now,
    Tags: tagsFor(input.TagSpecification, 'vpc-endpoint'),
    OwnerId: ctx.account,
  };
  state.ec2.vpcEndpoints.set(endpointId, endpoint);
  return { VpcEndpoint: { ...endpoint, State: vpcEndpointState(interfaceLike ? 'pending' : 'available') } };
};

/** `DryRun=true` asks only whether the call would be allowed: EC2 answers with an error either way. */
function honourDryRun(operation: Operation<Record<string, unknown>, Ec2Output>): Operation<Record<string, unknown>, Ec2Output> {
  return (input, ctx) => {
    if (input.DryRun === 'true') throw new AwsApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    return operation(input, ctx);
  };
}

const operations: Readonly<Record<string, Operation<Record<string, unknown>, Ec2Output>>> = {
  DescribeVpcEndpoints: describeVpcEndpoints,
  DescribeSecurityGroups: describeSecurityGroups,
  CreateVpc: createVpc,
  CreateSubnet: createSubnet,
  CreateSecurityGroup: createSecurityGroup,
  AuthorizeSecurityGroupIngress: authorizeSecurityGroupIngress,
  CreateVpcEndpoint: createVpcEndpoint,
};

export const ec2Service = defineService({
  signingName: 'ec2',
  actionPrefix: 'ec2',
  protocol: ec2Protocol(),
  operations: Object.fromEntries(Object.entries(operations).map(([name, op]) => [name, honourDryRun(op)])),
});
