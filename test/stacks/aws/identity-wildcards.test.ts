// identity-least-privilege on roles of the stack, scanned as a user would: a role written as SageMaker's
// documentation prescribes for VPC-attached models passes; wildcards are judged by what they expand to.
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SecureSageMakerEndpoint } from '../../../providers/aws/construct/secure-sagemaker-endpoint';
import { SAGEMAKER_VPC_ENI_ACTIONS } from '../../../providers/aws/construct/execution-role';
import { exampleContext } from '../../../stacks/aws/example-app';
import { ACCOUNT, COMPLIANT, REGION } from '../../providers/aws/construct/support';
import { assemblyDir, synthAndScan } from './scan-support';

/** One endpoint whose execution role (declared in the stack) has `statements` besides reading the model. */
async function scanRoleWith(statements: iam.PolicyStatement[]) {
  const app = new App({ context: exampleContext(ACCOUNT, REGION), outdir: assemblyDir() });
  const stack = new Stack(app, 'Roles', { env: { account: ACCOUNT, region: REGION } });
  const role = new iam.Role(stack, 'Mine', {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    inlinePolicies: {
      model: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::models-${ACCOUNT}/models/m/model.tar.gz`] }), ...statements],
      }),
    },
  });
  new SecureSageMakerEndpoint(stack, 'Inference', { ...COMPLIANT, role, monitoring: false });
  const scan = await synthAndScan(app, stack);
  const finding = scan.findings.find((f) => f.controlId === 'identity-least-privilege' && scan.pathOf(f) === 'Mine');
  if (!finding) throw new Error('no identity-least-privilege finding on the role');
  return finding;
}

describe('identity-least-privilege on a VPC-attached model role', () => {
  it('passes the ENI statement exactly as the SageMaker documentation prescribes it (Resource "*")', async () => {
    const finding = await scanRoleWith([new iam.PolicyStatement({ actions: [...SAGEMAKER_VPC_ENI_ACTIONS], resources: ['*'] })]);
    expect(finding.status).toBe('pass');
  });

  it('fails ec2:* on "*" as a whole service', async () => {
    const finding = await scanRoleWith([new iam.PolicyStatement({ actions: ['ec2:*'], resources: ['*'] })]);
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('action ec2:* allows a whole service');
  });

  it('names exactly the actions a narrower wildcard grants beyond the documented ones', async () => {
    const finding = await scanRoleWith([new iam.PolicyStatement({ actions: ['ec2:*NetworkInterface'], resources: ['*'] })]);
    expect(finding.status).toBe('fail');
    // The pattern grants Attach, Create, Delete and DetachNetworkInterface; the documented Create and Delete are
    // accepted, so exactly Attach and Detach are named.
    expect(finding.message).toContain(': ec2:AttachNetworkInterface, ec2:DetachNetworkInterface on every resource (scope to specific ARNs)');
    expect(finding.message).not.toContain('ec2:*NetworkInterface');
  });
});
