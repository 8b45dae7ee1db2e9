import { evidence, firewall, known } from '../../support/builders';
import type { FirewallRule } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const withRules = (...rules: FirewallRule[]) => firewall({ ingress: known(rules, evidence('fixture', 'IpPermissions', rules)) });

const fixtures: ControlFixture[] = [
  fixture('ingress from a peer security group', firewall(), 'pass'),
  fixture('ingress from a private range', withRules({ protocol: 'tcp', fromPort: 443, toPort: 443, sources: ['10.0.0.0/16'] }), 'pass'),
  fixture('no ingress at all', withRules(), 'pass'),
  fixture('HTTPS from 0.0.0.0/0', withRules({ protocol: 'tcp', fromPort: 443, toPort: 443, sources: ['0.0.0.0/0'] }), 'fail', {
    messageIncludes: 'tcp port 443 from 0.0.0.0/0',
  }),
  fixture('all traffic from ::/0', withRules({ protocol: 'all', fromPort: null, toPort: null, sources: ['::/0'] }), 'fail', {
    messageIncludes: 'all protocols all ports from ::/0',
  }),
  fixture('port range from the internet among safe rules', withRules(
    { protocol: 'tcp', fromPort: 443, toPort: 443, sources: ['sg-0client'] },
    { protocol: 'tcp', fromPort: 8000, toPort: 8080, sources: ['10.0.0.0/8', '0.0.0.0/0'] },
  ), 'fail', { messageIncludes: 'ports 8000-8080' }),
  fixture('ingress rules could not be read', firewall({ ingress: denied('ec2:DescribeSecurityGroups', 'IpPermissions') }), 'unknown'),
];

export default fixtures;
