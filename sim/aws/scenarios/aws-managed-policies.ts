// AWS managed policies exist in every account: a role can attach them without creating them.
// Documents are abbreviated to their security-relevant statements; the real AmazonSageMakerFullAccess is longer.
import type { IamManagedPolicySeed } from '../scenario';

function awsManaged(name: string, policyId: string, versionId: string, created: string, statements: readonly object[], description: string): IamManagedPolicySeed {
  return {
    policy: {
      PolicyName: name,
      PolicyId: policyId,
      Arn: `arn:aws:iam::aws:policy/${name}`,
      Path: '/',
      DefaultVersionId: versionId,
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: description,
      CreateDate: new Date(created),
      UpdateDate: new Date(created),
    },
    document: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  };
}

export const awsManagedPolicies: readonly IamManagedPolicySeed[] = [
  awsManaged(
    'AmazonSageMakerFullAccess',
    'ANPAJZ5IWYMXO5QDB4QOG',
    'v27',
    '2017-11-29T00:00:00Z',
    [
      { Sid: 'AllowAllNonAdminSageMakerActions', Effect: 'Allow', NotAction: ['sagemaker:*Admin*'], Resource: '*' },
      { Effect: 'Allow', Action: ['sagemaker:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['ecr:*', 'cloudwatch:*', 'logs:*', 'kms:DescribeKey', 'kms:ListAliases', 'ec2:Describe*', 'ec2:CreateNetworkInterface', 'iam:ListRoles'],
        Resource: '*',
      },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: ['arn:aws:s3:::*SageMaker*', 'arn:aws:s3:::*Sagemaker*', 'arn:aws:s3:::*sagemaker*'] },
      { Effect: 'Allow', Action: ['iam:PassRole'], Resource: 'arn:aws:iam::*:role/*', Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } },
    ],
    'Provides full access to Amazon SageMaker via the AWS Management Console and SDK.',
  ),
  awsManaged('AdministratorAccess', 'ANPAIWMBCKSKIEE64ZLYK', 'v1', '2015-02-06T18:39:46Z', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 'Provides full access to AWS services and resources.'),
  awsManaged(
    'AmazonS3FullAccess',
    'ANPAIFIR6V6BVTRAHWINE',
    'v2',
    '2015-02-06T18:40:58Z',
    [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
    'Provides full access to all buckets via the AWS Management Console.',
  ),
];
