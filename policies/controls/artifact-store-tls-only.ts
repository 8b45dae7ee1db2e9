import { defineControl, fail, notApplicable, pass, withFact } from '../control';
import { artifactStoreUsage, STORE_NOT_USED } from '../usage';

export default defineControl({
  id: 'artifact-store-tls-only',
  title: 'Model artifact stores refuse requests without TLS',
  severity: 'high',
  subject: 'artifact-store',
  rationale:
    'Without a policy that denies non-TLS requests, a client can fetch or upload model weights in clear text, where they can be read or swapped in transit. The store itself must refuse such requests; clients cannot be relied on to always use TLS.',
  frameworks: { nist80053r5: ['SC-8', 'SC-13'], mitreAtlas: ['AML.M0012'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `bucket` unset (default: TLS-only) and keep `bucketProps.enforceSSL: true`; CloudFormation: an AWS::S3::BucketPolicy statement `Effect: Deny, Principal: "*", Action: "s3:*", Resource: [bucket, bucket/*], Condition: {Bool: {aws:SecureTransport: false}}`.',
        live: 'Add that Deny statement to the bucket policy with `aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json`.',
      },
      equivalents: [
        { tool: 'Prowler', id: 's3_bucket_secure_transport_policy' },
        { tool: 'cdk-nag', id: 'AwsSolutions-S10' },
        { tool: 'cdk-nag', id: 'NIST.800.53.R5-S3BucketSSLRequestsOnly' },
      ],
    },
  },  notApplicableTo: {
    azure: 'Azure ML model stores (the workspace\'s storage account) are not read by the Azure adapters yet, so no storage account is judged.',
    gcp: 'Cloud Storage serves only HTTPS: there is no plain-HTTP access to refuse.',
  },

  evaluate: (store, _params, inventory) => {
    if (artifactStoreUsage(inventory, store) === 'unused') return notApplicable(STORE_NOT_USED);
    return withFact(store.refusesInsecureTransport, 'whether the store refuses requests without TLS', (refuses, ev) =>
      refuses
        ? pass('the store refuses every object read and write made without TLS', ...ev)
        : fail('the store accepts object reads or writes made without TLS: nothing refuses them', ...ev),
    );
  },
});
