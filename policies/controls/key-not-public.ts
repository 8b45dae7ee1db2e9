import { z } from 'zod';
import { defineControl, fail, pass, withList } from '../control';
import { describeStatement, publicAllowStatements } from '../iam';

export default defineControl({
  id: 'key-not-public',
  title: 'Key policies do not grant access to everyone',
  severity: 'high',
  subject: 'key',
  parameters: z.strictObject({
    publicPrincipals: z
      .array(z.string().min(1))
      .optional()
      .describe('Principals that stand for everyone (the neutral `*`, and the provider\'s own names for all users).'),
  }),
  rationale:
    'A key policy that allows principal `*` without a condition tying it to your account, organization or network lets anyone who can reach the key use it to decrypt the model artifacts and data it protects — the encryption then protects nothing.',
  frameworks: { nist80053r5: ['AC-3', 'SC-12'], mitreAtlas: ['AML.M0012', 'AML.M0005'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `encryptionKey` unset (default: a key whose policy grants this account and AWS services only); CloudFormation: AWS::KMS::Key.KeyPolicy without `"Principal": "*"`, or with an aws:PrincipalAccount / aws:PrincipalOrgID / kms:CallerAccount condition.',
        live: '`aws kms get-key-policy --key-id <key> --policy-name default`, remove or condition the public statement, then `aws kms put-key-policy --key-id <key> --policy-name default --policy file://policy.json`.',
      },
      equivalents: [
        { tool: 'Prowler', id: 'kms_key_not_publicly_accessible' },
        { tool: 'Checkov', id: 'CKV_AWS_33' },
      ],
      defaults: { publicPrincipals: ['*'] },
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: the key it creates grants only the Vertex AI service agent; Pulumi: no kms.CryptoKeyIAMMember / CryptoKeyIAMBinding with member `allUsers` or `allAuthenticatedUsers`.',
        live: '`gcloud kms keys remove-iam-policy-binding <key> --keyring <ring> --location <region> --member allUsers --role <role>` (and the same for allAuthenticatedUsers).',
      },
      defaults: { publicPrincipals: ['*', 'allUsers', 'allAuthenticatedUsers'] },
      equivalents: [{ tool: 'Prowler', id: 'kms_key_not_publicly_accessible' }],
    },
  },
  notApplicableTo: {
    azure: 'Key Vault keys have no resource policy of their own: access is by Azure RBAC role assignments (judged by identity-least-privilege) and the vault network rules (judged by key-store-hardened).',
  },
  evaluate: (key, params) =>
    withList(key.policy, 'key policy', (statements, ev) => {
      const open = publicAllowStatements(statements, params.publicPrincipals);
      return open.length > 0
        ? fail(`open to anyone: ${open.map(describeStatement).join('; ')}`, ...ev)
        : pass('no statement grants access to everyone', ...ev);
    }),
});
