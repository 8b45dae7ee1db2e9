import { combine, defineControl, fail, notApplicable, pass, withFact, withList } from '../control';
import { describeStatement, publicAllowStatements } from '../iam';
import { artifactStoreUsage, STORE_NOT_USED } from '../usage';

export default defineControl({
  id: 'artifact-store-private',
  title: 'Model artifact stores block public access',
  severity: 'high',
  subject: 'artifact-store',
  rationale:
    'The artifact store holds the model weights: a public store lets anyone copy the model (theft of the model itself) and, with a write grant, replace it with a poisoned one. Blocking public access at the store and keeping public grants out of its policy closes both paths.',
  frameworks: { nist80053r5: ['AC-3', 'AC-4', 'SC-7'], mitreAtlas: ['AML.M0005'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `bucket` unset (default: public access blocked) and keep `bucketProps.blockPublicAccess` at BLOCK_ALL; CloudFormation: AWS::S3::Bucket.PublicAccessBlockConfiguration with all four settings true, and no `"Principal": "*"` Allow in AWS::S3::BucketPolicy.',
        live: '`aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`, and remove public Allow statements with `aws s3api put-bucket-policy`.',
      },
      equivalents: [
        { tool: 'Prowler', id: 's3_bucket_level_public_access_block' },
        { tool: 'cdk-nag', id: 'AwsSolutions-S2' },
      ],
    },
  },  notApplicableTo: {
    azure: 'Azure ML model stores (the workspace\'s storage account) are not read by the Azure adapters yet, so no storage account is judged.',
    gcp: 'Cloud Storage buckets holding model artifacts are not read by the Google Cloud adapters yet, so no bucket is judged.',
  },

  evaluate: (store, _params, inventory) =>
    artifactStoreUsage(inventory, store) === 'unused'
      ? notApplicable(STORE_NOT_USED)
      : combine([
      withFact(store.publicAccessBlocked, 'public access block', (blocked, ev) =>
        blocked ? pass('public access is blocked', ...ev) : fail('public access is not fully blocked', ...ev),
      ),
      withList(store.policy, 'store policy', (statements, ev) => {
        const open = publicAllowStatements(statements);
        return open.length > 0
          ? fail(`the policy grants access to everyone: ${open.map(describeStatement).join('; ')}`, ...ev)
          : pass('the policy grants nothing to everyone', ...ev);
      }),
    ]),
});
