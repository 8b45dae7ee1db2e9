import { defineControl, fail, notApplicable, pass, withFact } from '../control';
import { deniesInsecureTransport, statementCoversAction, statementCoversResource } from '../iam';
import { artifactStoreUsage, STORE_NOT_USED } from '../usage';

/** Object reads and writes: the requests that carry model weights. */
const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject'];

export default defineControl({
  id: 'artifact-store-tls-only',
  title: 'Model artifact stores refuse requests without TLS',
  severity: 'high',
  subject: 'artifact-store',
  providers: ['aws'],
  rationale:
    'Without a policy that denies non-TLS requests, a client can fetch or upload model weights in clear text, where they can be read or swapped in transit. The store itself must refuse such requests; clients cannot be relied on to always use TLS.',
  remediation: {
    aws: {
      iac: 'SecureSageMakerEndpoint: leave `bucket` unset (default: TLS-only) and keep `bucketProps.enforceSSL: true`; CloudFormation: an AWS::S3::BucketPolicy statement `Effect: Deny, Principal: "*", Action: "s3:*", Resource: [bucket, bucket/*], Condition: {Bool: {aws:SecureTransport: false}}`.',
      live: 'Add that Deny statement to the bucket policy with `aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json`.',
    },
  },
  frameworks: { nist80053r5: ['SC-8', 'SC-13'], mitreAtlas: ['AML.M0012'] },
  equivalents: [
    { tool: 'Prowler', id: 's3_bucket_secure_transport_policy' },
    { tool: 'cdk-nag', id: 'AwsSolutions-S10' },
    { tool: 'cdk-nag', id: 'NIST.800.53.R5-S3BucketSSLRequestsOnly' },
  ],
  evaluate: (store, _params, inventory) => {
    if (artifactStoreUsage(inventory, store) === 'unused') return notApplicable(STORE_NOT_USED);
    // Adapters write policy resources with model ids (a live bucket ARN, a template's STACK/LogicalId),
    // so the store's own id names its objects. A literal `*`: every object, not one prefix.
    const everyObject = `${store.id}/*`;
    return withFact(store.policy, 'store policy', (statements, ev) => {
      const enforcing = statements.find(
        (s) => deniesInsecureTransport(s) && statementCoversResource(s, everyObject) && OBJECT_ACTIONS.every((a) => statementCoversAction(s, a)),
      );
      return enforcing
        ? pass(`${enforcing.origin} denies every request to ${everyObject} made without TLS`, ...ev)
        : fail(`no policy statement denies requests to ${everyObject} made without TLS (aws:SecureTransport = false)`, ...ev);
    });
  },
});
