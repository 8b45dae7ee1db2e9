import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { buildDemoScenario } from '../../../sim/aws';
import { clientSettings, collect, rejectionOf, useSimulator } from './simulator';

describe('EC2 reads of the demo account', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = (region = 'us-east-1') => new EC2Client(clientSettings(sim(), region));

  it('describes the SageMaker interface endpoints of a VPC, filtered by vpc-id and a service-name wildcard', async () => {
    const all = await client().send(new DescribeVpcEndpointsCommand({}));
    const vpcId = all.VpcEndpoints?.[0]?.VpcId ?? '';
    const out = await client().send(
      new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'service-name', Values: ['com.amazonaws.us-east-1.sagemaker.*'] }] }),
    );
    expect(out.VpcEndpoints?.map((e) => e.ServiceName).sort()).toEqual(['com.amazonaws.us-east-1.sagemaker.api', 'com.amazonaws.us-east-1.sagemaker.runtime']);
    for (const endpoint of out.VpcEndpoints ?? []) {
      expect(endpoint).toMatchObject({ VpcEndpointType: 'Interface', State: 'available', PrivateDnsEnabled: true });
      expect(endpoint.Groups?.[0]?.GroupId).toMatch(/^sg-0[0-9a-f]{16}$/);
      expect(endpoint.SubnetIds).toHaveLength(2);
      expect(endpoint.CreationTimestamp).toBeInstanceOf(Date);
    }
    const none = await client('eu-west-1').send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'service-name', Values: ['com.amazonaws.eu-west-1.sagemaker.runtime'] }] }));
    expect(none.VpcEndpoints).toEqual([]);
  });

  it('describes security groups with ingress from another group, and finds the one open to the internet by filter', async () => {
    const groups = await client().send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['inference-endpoints'] }] }));
    const group = groups.SecurityGroups?.[0];
    expect(group?.Description).toBe('SageMaker endpoints and interface endpoints: HTTPS from inference-clients only');
    expect(group?.IpPermissions).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], UserIdGroupPairs: [expect.objectContaining({ GroupId: expect.stringMatching(/^sg-/) })] }),
    ]);
    const open = await client('eu-west-1').send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.cidr', Values: ['0.0.0.0/0'] }] }));
    expect(open.SecurityGroups?.map((g) => g.GroupName)).toEqual(['churn-predictor-open']);
    const byId = await client('eu-west-1').send(new DescribeSecurityGroupsCommand({ GroupIds: [open.SecurityGroups?.[0]?.GroupId ?? ''] }));
    expect(byId.SecurityGroups?.[0]?.IpPermissions?.[0]?.IpRanges).toEqual([{ CidrIp: '0.0.0.0/0' }]);
  });

  it('answers unknown ids, unknown filters and MaxResults with GroupIds with the EC2 error codes', async () => {
    const group = await rejectionOf(client().send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000dead'] })));
    expect(group.name).toBe('InvalidGroup.NotFound');
    expect(group.message).toBe("The security group 'sg-0000000000000dead' does not exist");
    const endpoint = await rejectionOf(client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0000000000000dead'] })));
    expect(endpoint.name).toBe('InvalidVpcEndpointId.NotFound');
    const filter = await rejectionOf(client().send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })));
    expect(filter.name).toBe('InvalidParameterValue');
    const combination = await rejectionOf(client().send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000dead'], MaxResults: 5 })));
    expect(combination.name).toBe('InvalidParameterCombination');
    const small = await rejectionOf(client().send(new DescribeSecurityGroupsCommand({ MaxResults: 2 })));
    expect(small.name).toBe('InvalidParameterValue');
  });
});

describe('EC2 writes, then reads, and pagination', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = () => new EC2Client(clientSettings(sim()));

  it('builds a VPC with subnets, groups, ingress rules and interface endpoints that the reads return', async () => {
    const { Vpc } = await client().send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'written' }] }] }));
    const vpcId = Vpc?.VpcId ?? '';
    expect(vpcId).toMatch(/^vpc-0[0-9a-f]{16}$/);
    expect(Vpc?.Tags).toEqual([{ Key: 'Name', Value: 'written' }]);
    const defaults = await client().send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(defaults.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);

    const { Subnet } = await client().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24' }));
    expect(Subnet).toMatchObject({ VpcId: vpcId, AvailabilityZone: 'us-east-1a', AvailableIpAddressCount: 251 });
    const clients = await client().send(new CreateSecurityGroupCommand({ GroupName: 'callers', Description: 'callers', VpcId: vpcId }));
    const endpoints = await client().send(new CreateSecurityGroupCommand({ GroupName: 'endpoints', Description: 'endpoint group', VpcId: vpcId }));
    const granted = await client().send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: endpoints.GroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: clients.GroupId }] }],
      }),
    );
    expect(granted.Return).toBe(true);
    expect(granted.SecurityGroupRules?.[0]).toMatchObject({ IsEgress: false, FromPort: 443, ReferencedGroupInfo: { GroupId: clients.GroupId } });
    await client().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: endpoints.GroupId, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }));
    const described = await client().send(new DescribeSecurityGroupsCommand({ GroupIds: [endpoints.GroupId ?? ''] }));
    expect(described.SecurityGroups?.[0]?.IpPermissions).toEqual([
      expect.objectContaining({ FromPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }], UserIdGroupPairs: [expect.objectContaining({ GroupId: clients.GroupId })] }),
    ]);
    const duplicate = await rejectionOf(client().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: endpoints.GroupId, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' })));
    expect(duplicate.name).toBe('InvalidPermission.Duplicate');

    const services = ['sagemaker.api', 'sagemaker.runtime', 'ecr.api', 'ecr.dkr', 'logs', 'sts', 'kms'];
    for (const service of services) {
      const created = await client().send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.us-east-1.${service}`,
          SubnetIds: [Subnet?.SubnetId ?? ''],
          SecurityGroupIds: [endpoints.GroupId ?? ''],
          PrivateDnsEnabled: service !== 'kms',
        }),
      );
      expect(created.VpcEndpoint?.State).toBe('pending');
    }
    const pages = await collect(paginateDescribeVpcEndpoints({ client: client(), pageSize: 5 }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(pages.map((p) => p.VpcEndpoints?.length)).toEqual([5, 2]);
    const all = pages.flatMap((p) => p.VpcEndpoints ?? []);
    expect(all.map((e) => e.ServiceName?.split('.').slice(3).join('.'))).toEqual(services);
    expect(all.find((e) => e.ServiceName?.endsWith('.kms'))?.PrivateDnsEnabled).toBe(false);
    // EC2 sends states in lower case, although the SDK's type lists `Available`.
    expect(new Set(all.map((e) => String(e.State)))).toEqual(new Set(['available']));

    await client().send(new CreateSecurityGroupCommand({ GroupName: 'spare', Description: 'spare', VpcId: vpcId }));
    const groupPages = await collect(paginateDescribeSecurityGroups({ client: client(), pageSize: 5 }, {}));
    expect(groupPages.map((p) => p.SecurityGroups?.length)).toEqual([5, 1]);
    expect(groupPages.flatMap((p) => p.SecurityGroups ?? []).map((g) => g.GroupName).sort()).toEqual(['callers', 'default', 'endpoints', 'inference-clients', 'inference-endpoints', 'spare']);
  });

  it('refuses references to things that do not exist, and answers DryRun with DryRunOperation', async () => {
    const vpc = await rejectionOf(client().send(new CreateSubnetCommand({ VpcId: 'vpc-0000000000000dead', CidrBlock: '10.0.0.0/24' })));
    expect(vpc.name).toBe('InvalidVpcID.NotFound');
    const service = await rejectionOf(client().send(new CreateVpcEndpointCommand({ VpcId: (await client().send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc?.VpcId, ServiceName: 'not-a-service' })));
    expect(service.name).toBe('InvalidServiceName');
    const missing = await rejectionOf(client().send(new CreateVpcCommand({})));
    expect(missing.name).toBe('MissingParameter');
    expect(missing.message).toBe('The request must contain the parameter CidrBlock');
    const dryRun = await rejectionOf(client().send(new DescribeSecurityGroupsCommand({ DryRun: true })));
    expect(dryRun.name).toBe('DryRunOperation');
  });
});
