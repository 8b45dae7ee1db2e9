// AWS::EC2::SecurityGroup (+ AWS::EC2::SecurityGroupIngress for it) -> Firewall.
import { listFact, type Firewall, type FirewallRule } from '../../../../policies/model';
import { firewallRuleFromIpPermission, type IpPermissionLike } from '../../platform';
import { parseLiteralString, parseNumber } from '../facts';
import { referenceId } from '../references';
import type { TemplateContext, TemplateResource } from '../template-context';
import { Unresolved, isResolvedArray, isResolvedObject, type Resolved, type ResolvedObject } from '../values';

const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
const INGRESS = 'AWS::EC2::SecurityGroupIngress';

/** Protocol numbers EC2 reports by name. */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** One CloudFormation ingress rule (embedded or AWS::EC2::SecurityGroupIngress) as a model rule. */
function ingressRule(context: TemplateContext, rule: ResolvedObject): FirewallRule | Unresolved {
  const protocolValue = rule.IpProtocol === undefined ? new Unresolved('IpProtocol is not set', null) : parseLiteralString(rule.IpProtocol);
  if (protocolValue instanceof Unresolved) return protocolValue;
  const protocol = PROTOCOL_NAMES[protocolValue] ?? protocolValue.toLowerCase();
  const port = (value: Resolved | undefined) => (value === undefined || value === null ? undefined : parseNumber(value));
  const fromPort = port(rule.FromPort);
  const toPort = port(rule.ToPort);
  if (fromPort instanceof Unresolved) return fromPort;
  if (toPort instanceof Unresolved) return toPort;
  const source = (value: Resolved | undefined): string | undefined | Unresolved => (value === undefined || value === null ? undefined : referenceId(context, value));
  const sources = {
    CidrIp: source(rule.CidrIp),
    CidrIpv6: source(rule.CidrIpv6),
    GroupId: source(rule.SourceSecurityGroupId),
    PrefixListId: source(rule.SourcePrefixListId),
  };
  const unresolved = Object.values(sources).find((s): s is Unresolved => s instanceof Unresolved);
  if (unresolved) return unresolved;
  const text = (s: string | undefined | Unresolved) => (typeof s === 'string' ? s : undefined);
  const permission: IpPermissionLike = {
    IpProtocol: protocol,
    FromPort: fromPort,
    ToPort: toPort,
    IpRanges: [{ CidrIp: text(sources.CidrIp) }],
    Ipv6Ranges: [{ CidrIpv6: text(sources.CidrIpv6) }],
    UserIdGroupPairs: [{ GroupId: text(sources.GroupId) }],
    PrefixListIds: [{ PrefixListId: text(sources.PrefixListId) }],
  };
  return firewallRuleFromIpPermission(permission);
}

function ingressOf(context: TemplateContext, group: TemplateResource): Firewall['ingress'] {
  const rules: FirewallRule[] = [];
  const gaps: string[] = [];
  const evidence = [group.evidence(['SecurityGroupIngress'])];
  const embedded = group.get(['SecurityGroupIngress']);
  if (embedded instanceof Unresolved) gaps.push(`${group.logicalId} SecurityGroupIngress: ${embedded.reason}`);
  else if (isResolvedArray(embedded)) {
    embedded.forEach((rule, i) => {
      const parsed = isResolvedObject(rule) ? ingressRule(context, rule) : new Unresolved(rule instanceof Unresolved ? rule.reason : 'not an object', rule);
      if (parsed instanceof Unresolved) gaps.push(`${group.logicalId} SecurityGroupIngress[${i}]: ${parsed.reason}`);
      else rules.push(parsed);
    });
  }
  for (const ingress of context.ofType(INGRESS)) {
    const groupId = ingress.get(['GroupId']);
    if (groupId instanceof Unresolved) {
      gaps.push(`${INGRESS} ${ingress.logicalId} may belong to this group: ${groupId.reason}`);
      continue;
    }
    if (context.referenced(groupId, SECURITY_GROUP) !== group) continue;
    evidence.push(ingress.evidence([]));
    const parsed = isResolvedObject(ingress.properties) ? ingressRule(context, ingress.properties) : new Unresolved('no properties', null);
    if (parsed instanceof Unresolved) gaps.push(`${INGRESS} ${ingress.logicalId}: ${parsed.reason}`);
    else rules.push(parsed);
  }
  // A rule that cannot be read leaves the others known: an open rule beside it is still judged.
  return listFact(rules, gaps, ...evidence);
}

export function firewallsFromTemplate(context: TemplateContext): Firewall[] {
  return context.ofType(SECURITY_GROUP).map((group) => {
    const vpcId = group.get(['VpcId']);
    const networkId = vpcId === undefined ? null : referenceId(context, vpcId);
    return {
      kind: 'firewall',
      id: group.modelId,
      name: group.nameFrom('GroupName'),
      provider: 'aws',
      region: context.region,
      account: context.account,
      // Without VpcId the group is created in the default VPC, whose id the template does not know.
      networkId: typeof networkId === 'string' ? networkId : null,
      ingress: ingressOf(context, group),
    };
  });
}
