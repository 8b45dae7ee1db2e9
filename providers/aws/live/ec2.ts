// Security groups and VPC endpoints of the networks endpoints run in: per region, one
// DescribeSecurityGroups for all groups used, one DescribeVpcEndpoints for all their VPCs, and one
// DescribeSecurityGroups for the interface endpoints' groups not read yet (filters of up to 200 values;
// paginated). Filters, unlike GroupIds, do not fail the whole
// request when one group no longer exists.
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, type SecurityGroup, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { evidence, known, unknown, type Firewall, type Network, type PrivateServiceEndpoint } from '../../../policies/model';
import { firewallRuleFromIpPermission, privateServiceName } from '../platform';
import { chunk, type AuditContext, type Read } from './context';
import { shaped } from './shapes';

/** EC2 accepts at most 200 values in one filter. */
const FILTER_VALUES_PER_REQUEST = 200;

export interface RegionNetworks {
  readonly firewalls: Firewall[];
  readonly networks: Network[];
  /** Security group id -> its VPC id, for the deployments' network attachments. */
  readonly vpcOfGroup: ReadonlyMap<string, string>;
}

export class NetworkReader {
  constructor(private readonly ctx: AuditContext) {}

  async readRegion(region: string, account: string, groupIds: readonly string[]): Promise<RegionNetworks> {
    const ids = [...new Set(groupIds)].sort();
    if (ids.length === 0) return { firewalls: [], networks: [], vpcOfGroup: new Map() };
    const base = { provider: 'aws' as const, region, account };
    const vpcOfGroup = new Map<string, string>();
    const firewalls = await this.firewalls(base, ids, vpcOfGroup);

    const vpcIds = [...new Set(vpcOfGroup.values())].sort();
    const endpoints = await this.filtered<VpcEndpoint>(region, 'DescribeVpcEndpoints', 'vpc-id', vpcIds, async (values, token) => {
      const out = shaped('ec2:DescribeVpcEndpoints', await this.ctx.ec2(region).send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: values }], NextToken: token })));
      const items: VpcEndpoint[] = out.VpcEndpoints;
      return { items, next: out.NextToken };
    });
    // The security groups of the interface endpoints in these VPCs guard the private API path: a scan
    // judges them (they are in the template), so the live audit reads and judges them too.
    const alreadyRead = new Set(ids);
    const endpointGroupIds =
      endpoints.status === 'ok'
        ? [...new Set(endpoints.value.filter(isInterfaceEndpoint).flatMap((e) => (e.Groups ?? []).flatMap((g) => (g.GroupId && !alreadyRead.has(g.GroupId) ? [g.GroupId] : []))))].sort()
        : [];
    if (endpointGroupIds.length > 0) firewalls.push(...(await this.firewalls(base, endpointGroupIds, vpcOfGroup)));

    const networks: Network[] = vpcIds.map((vpcId) => {
      const source = 'ec2:DescribeVpcEndpoints';
      if (endpoints.status !== 'ok') {
        return { ...base, kind: 'network', id: vpcId, name: vpcId, privateEndpoints: unknown(endpoints.status === 'failed' ? endpoints.reason : 'not read', evidence(source, 'VpcEndpoints', null)) };
      }
      const inVpc = endpoints.value.filter((e) => e.VpcId === vpcId);
      return {
        ...base,
        kind: 'network',
        id: vpcId,
        name: vpcId,
        privateEndpoints: known(
          inVpc.flatMap(toPrivateServiceEndpoint),
          evidence(
            source,
            `VpcEndpoints[VpcId=${vpcId}]`,
            inVpc.map((e) => ({ VpcEndpointId: e.VpcEndpointId, ServiceName: e.ServiceName, VpcEndpointType: e.VpcEndpointType, State: e.State, PrivateDnsEnabled: e.PrivateDnsEnabled })),
          ),
        ),
      };
    });
    return { firewalls, networks, vpcOfGroup };
  }

  /** The security groups `ids` as firewalls, from one filtered DescribeSecurityGroups; records each group's VPC in `vpcOfGroup`. */
  private async firewalls(base: { provider: 'aws'; region: string; account: string }, ids: readonly string[], vpcOfGroup: Map<string, string>): Promise<Firewall[]> {
    const { region } = base;
    const groups = await this.filtered<SecurityGroup>(region, 'DescribeSecurityGroups', 'group-id', ids, async (values, token) => {
      const out = shaped('ec2:DescribeSecurityGroups', await this.ctx.ec2(region).send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: values }], NextToken: token })));
      const items: SecurityGroup[] = out.SecurityGroups;
      return { items, next: out.NextToken };
    });
    return ids.map((id) => {
      const source = 'ec2:DescribeSecurityGroups';
      if (groups.status !== 'ok') {
        const why = unknown(groups.status === 'failed' ? groups.reason : 'security groups not read', evidence(source, 'SecurityGroups', null));
        return { ...base, kind: 'firewall', id, name: id, networkId: null, ingress: why };
      }
      const group = groups.value.find((g) => g.GroupId === id);
      if (!group) {
        const gap = this.ctx.fail({ service: 'ec2', operation: 'DescribeSecurityGroups', resourceId: id, region }, 'InvalidGroup.NotFound', `security group ${id} does not exist`);
        return { ...base, kind: 'firewall', id, name: id, networkId: null, ingress: unknown(gap.reason, evidence(source, 'SecurityGroups', null)) };
      }
      if (group.VpcId) vpcOfGroup.set(id, group.VpcId);
      const permissions = group.IpPermissions ?? [];
      return {
        ...base,
        kind: 'firewall',
        id,
        name: group.GroupName ?? id,
        ...stackAliases(group.Tags),
        networkId: group.VpcId ?? null,
        ingress: known(permissions.map(firewallRuleFromIpPermission), evidence(source, `SecurityGroups[GroupId=${id}].IpPermissions`, permissions)),
      };
    });
  }

  /** All items matching `filterName` in `values`, in chunks of 200 values, following NextToken. */
  private async filtered<T>(
    region: string,
    operation: string,
    filterName: string,
    values: readonly string[],
    page: (values: string[], token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
  ): Promise<Read<T[]>> {
    const chunks = await Promise.all(
      chunk(values, FILTER_VALUES_PER_REQUEST).map((valuesChunk) =>
        this.ctx.callPages({ service: 'ec2', operation, region, resourceId: `${filterName}=${valuesChunk.join(',')}` }, (token) => page(valuesChunk, token)),
      ),
    );
    const failed = chunks.find((c) => c.status !== 'ok');
    return failed ?? { status: 'ok', value: chunks.flatMap((c) => (c.status === 'ok' ? c.value : [])) };
  }
}

function isInterfaceEndpoint(endpoint: VpcEndpoint): boolean {
  return endpoint.VpcEndpointType?.toLowerCase() === 'interface';
}

function toPrivateServiceEndpoint(endpoint: VpcEndpoint): PrivateServiceEndpoint[] {
  const type = endpoint.VpcEndpointType?.toLowerCase();
  if ((type !== 'interface' && type !== 'gateway') || !endpoint.ServiceName) return [];
  return [
    {
      service: privateServiceName(endpoint.ServiceName),
      type,
      // The API answers `available` in lowercase although the SDK's enum spells `Available`.
      available: endpoint.State?.toLowerCase() === 'available',
      privateDns: endpoint.PrivateDnsEnabled === true,
    },
  ];
}

/** `STACK/LogicalId` from the tags CloudFormation puts on what it creates: the id a template scan gives the resource, for waivers. */
function stackAliases(tags: readonly { readonly Key?: string; readonly Value?: string }[] | undefined): { aliases?: string[] } {
  const tag = (key: string) => tags?.find((t) => t.Key === key)?.Value;
  const stack = tag('aws:cloudformation:stack-name');
  const logicalId = tag('aws:cloudformation:logical-id');
  return stack && logicalId ? { aliases: [`${stack}/${logicalId}`] } : {};
}
