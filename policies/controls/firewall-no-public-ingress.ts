import { defineControl, fail, pass, withList } from '../control';
import type { FirewallRule } from '../model';

/** A CIDR with prefix length 0 (`0.0.0.0/0`, `::/0`) is every address. */
const isEveryAddress = (source: string) => /\/0$/.test(source.trim());

const ports = (rule: FirewallRule) =>
  rule.fromPort === null ? 'all ports' : rule.toPort === null || rule.toPort === rule.fromPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${rule.toPort}`;

export default defineControl({
  id: 'firewall-no-public-ingress',
  title: 'Firewalls admit no traffic from the whole internet',
  severity: 'critical',
  subject: 'firewall',
  rationale:
    'An ingress rule from 0.0.0.0/0 or ::/0 exposes whatever listens behind the firewall — the model container, its serving stack — to every address on the internet. Inference traffic should arrive only from known clients, load balancers or peer firewalls.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4', 'CM-7'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: its security groups admit only `allowedClientSecurityGroups` (tcp/443); for your own groups use `connections.allowFrom(peer, port)` with a specific peer; CloudFormation: AWS::EC2::SecurityGroup.SecurityGroupIngress without CidrIp 0.0.0.0/0 or CidrIpv6 ::/0.',
        live: '`aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions ...` for the open rule, then authorize only the client ranges or source security groups that need it.',
      },
      equivalents: [
        { tool: 'Prowler', id: 'ec2_securitygroup_allow_ingress_from_internet_to_all_ports' },
        { tool: 'cdk-nag', id: 'AwsSolutions-EC23' },
      ],
    },
  },  notApplicableTo: {
    azure: 'Managed online endpoints run in a managed network or the platform\'s own: no customer firewall stands in front of the containers; the endpoint\'s own network access is judged by endpoint-public-access-disabled.',
    gcp: 'Vertex AI serves from Google\'s tenant project: no VPC firewall rule of the customer governs ingress to the containers; the endpoint\'s exposure is judged by endpoint-public-access-disabled.',
  },

  evaluate: (firewall) =>
    withList(firewall.ingress, 'ingress rules', (rules, ev) => {
      // Deny rules are not credited (an allow from everywhere stays a finding): fail closed rather than model rule order.
      const allows = rules.filter((rule) => rule.action !== 'deny');
      const open = allows.flatMap((rule) => rule.sources.filter(isEveryAddress).map((source) => `${rule.protocol === 'all' ? 'all protocols' : rule.protocol} ${ports(rule)} from ${source}`));
      return open.length > 0
        ? fail(`ingress open to the internet: ${open.join(', ')}`, ...ev)
        : pass(`${rules.length} ingress rule(s), none from the whole internet`, ...ev);
    }),
});
