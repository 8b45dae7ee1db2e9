import { defineControl, fail, pass, withFact } from '../control';
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
  providers: ['aws'],
  rationale:
    'An ingress rule from 0.0.0.0/0 or ::/0 exposes whatever listens behind the firewall — the model container, its serving stack — to every address on the internet. Inference traffic should arrive only from known clients, load balancers or peer firewalls.',
  remediation: {
    aws: {
      iac: 'SecureSageMakerEndpoint: its security groups admit only `allowedClientSecurityGroups` (tcp/443); for your own groups use `connections.allowFrom(peer, port)` with a specific peer; CloudFormation: AWS::EC2::SecurityGroup.SecurityGroupIngress without CidrIp 0.0.0.0/0 or CidrIpv6 ::/0.',
      live: '`aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions ...` for the open rule, then authorize only the client ranges or source security groups that need it.',
    },
  },
  frameworks: { nist80053r5: ['SC-7', 'AC-4', 'CM-7'], mitreAtlas: ['AML.M0019'] },
  equivalents: [
    { tool: 'Prowler', id: 'ec2_securitygroup_allow_ingress_from_internet_to_all_ports' },
    { tool: 'cdk-nag', id: 'AwsSolutions-EC23' },
  ],
  evaluate: (firewall) =>
    withFact(firewall.ingress, 'ingress rules', (rules, ev) => {
      const open = rules.flatMap((rule) => rule.sources.filter(isEveryAddress).map((source) => `${rule.protocol === '-1' ? 'all protocols' : rule.protocol} ${ports(rule)} from ${source}`));
      return open.length > 0
        ? fail(`ingress open to the internet: ${open.join(', ')}`, ...ev)
        : pass(`${rules.length} ingress rule(s), none from the whole internet`, ...ev);
    }),
});
