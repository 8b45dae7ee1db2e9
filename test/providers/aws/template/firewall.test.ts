import { inventoryOf, reasonOf, resourceOf, STACK, valueOf } from './helpers';

describe('AWS::EC2::SecurityGroup + AWS::EC2::SecurityGroupIngress', () => {
  it('JSON: embedded and separate ingress rules, sources by CIDR and by group', () => {
    const inventory = inventoryOf({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        Clients: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'c', VpcId: { Ref: 'Vpc' } } },
        Group: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupName: 'inference',
            GroupDescription: 'g',
            VpcId: { Ref: 'Vpc' },
            SecurityGroupIngress: [
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } },
              { IpProtocol: 6, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': ['Clients', 'GroupId'] } },
            ],
          },
        },
        Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'Group' }, IpProtocol: '-1', CidrIpv6: '::/0' } },
      },
    });
    const group = resourceOf(inventory, 'firewall', 'Group');
    expect(group).toMatchObject({ kind: 'firewall', id: `${STACK}/Group`, name: 'inference', networkId: `${STACK}/Vpc` });
    expect(valueOf(group.ingress)).toEqual([
      { protocol: 'tcp', fromPort: 443, toPort: 443, sources: ['10.0.0.0/16'] },
      { protocol: 'tcp', fromPort: 8080, toPort: 8080, sources: [`${STACK}/Clients`] },
      { protocol: 'all', fromPort: null, toPort: null, sources: ['::/0'] },
    ]);
    expect(valueOf(resourceOf(inventory, 'firewall', 'Clients').ingress)).toEqual([]);
  });

  it('YAML: an ingress rule from a parameter without default is unknown; no VpcId means the default VPC (null)', () => {
    const group = resourceOf(
      inventoryOf(`
Parameters:
  ClientCidr: { Type: String }
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: g
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref ClientCidr }
`),
      'firewall',
      'Group',
    );
    expect(group.networkId).toBeNull();
    expect(reasonOf(group.ingress)).toMatch(/SecurityGroupIngress\[0\]: parameter ClientCidr has no Default/);
  });
});
