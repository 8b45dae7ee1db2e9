import { inventoryOf, reasonOf, resourceOf, STACK, valueOf } from './helpers';

describe('AWS::EC2::VPC + AWS::EC2::VPCEndpoint', () => {
  it('JSON: interface endpoints by service, whatever way the service name is spelled', () => {
    const network = resourceOf(
      inventoryOf({
        Resources: {
          Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
          Runtime: {
            Type: 'AWS::EC2::VPCEndpoint',
            Properties: { VpcId: { Ref: 'Vpc' }, VpcEndpointType: 'Interface', PrivateDnsEnabled: true, ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.sagemaker.runtime']] } },
          },
          Api: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sagemaker.api' } },
          S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' } } },
          Elsewhere: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: 'vpc-other', VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.kms' } },
        },
      }),
      'network',
      'Vpc',
    );
    expect(network).toMatchObject({ kind: 'network', id: `${STACK}/Vpc` });
    // A declared endpoint is reported available: a template states what will exist; a live read reports its State.
    expect(valueOf(network.privateEndpoints)).toEqual([
      { service: 'sagemaker.runtime', type: 'interface', available: true, privateDns: true },
      { service: 'sagemaker.api', type: 'interface', available: true, privateDns: false },
      { service: 's3', type: 'gateway', available: true, privateDns: false },
    ]);
  });

  it('YAML: a VPC with no endpoints has none; an endpoint whose VPC cannot be resolved makes the list unknown', () => {
    const inventory = inventoryOf(`
Parameters:
  VpcParam: { Type: 'AWS::EC2::VPC::Id' }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Unclear:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref VpcParam
      ServiceName: !Sub com.amazonaws.\${AWS::Region}.sagemaker.runtime
`);
    expect(reasonOf(resourceOf(inventory, 'network', 'Vpc').privateEndpoints)).toMatch(/Unclear may be in this VPC: parameter VpcParam has no Default/);
    const empty = resourceOf(inventoryOf({ Resources: { Vpc: { Type: 'AWS::EC2::VPC' } } }), 'network', 'Vpc');
    expect(valueOf(empty.privateEndpoints)).toEqual([]);
  });
});
