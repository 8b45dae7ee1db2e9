import { z } from 'zod';
import { defineControl, fail, notApplicable, pass, withFact } from '../control';

export default defineControl({
  id: 'key-rotation-enabled',
  title: 'Customer-managed keys rotate automatically',
  severity: 'high',
  subject: 'key',
  parameters: z.strictObject({
    maxRotationDays: z.number().int().min(1).optional().describe('Longest accepted automatic rotation period, in days.'),
  }),
  rationale:
    'Automatic rotation limits how much data one key version protects and how long a leaked version stays useful, without re-encrypting anything. Provider-managed keys rotate on the provider schedule, which you cannot change, so the control does not apply to them.',
  frameworks: { nist80053r5: ['SC-12'], mitreAtlas: ['AML.M0012'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `encryptionKey` unset (default: a new key with yearly rotation) or keep `keyProps.enableKeyRotation: true`; CloudFormation: AWS::KMS::Key.EnableKeyRotation: true (and RotationPeriodInDays).',
        live: '`aws kms enable-key-rotation --key-id <key> --rotation-period-in-days {{maxRotationDays}}`.',
      },
      equivalents: [
        { tool: 'Prowler', id: 'kms_cmk_rotation_enabled' },
        { tool: 'cdk-nag', id: 'AwsSolutions-KMS5' },
        { tool: 'cdk-nag', id: 'NIST.800.53.R5-KMSBackingKeyRotationEnabled' },
        { tool: 'Checkov', id: 'CKV_AWS_7' },
      ],
      defaults: { maxRotationDays: 365 },
    },
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave the key at its default (a rotation policy rotating within {{maxRotationDays}} days); Pulumi: keyvault.Key.properties.rotationPolicy.lifetimeActions with action `Rotate` and `timeAfterCreate` at most P{{maxRotationDays}}D.',
        live: '`az keyvault key rotation-policy update --vault-name <vault> --name <key> --value policy.json` with a Rotate lifetime action of at most {{maxRotationDays}} days.',
      },
      defaults: { maxRotationDays: 365 },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave `key.rotationDays` at its default (90); Pulumi: kms.CryptoKey.rotationPeriod of at most {{maxRotationDays}} days in seconds (7776000s for 90).',
        live: '`gcloud kms keys update <key> --keyring <ring> --location <region> --rotation-period {{maxRotationDays}}d --next-rotation-time <time>`.',
      },
      defaults: { maxRotationDays: 90 },
      equivalents: [
        { tool: 'Prowler', id: 'kms_key_rotation_enabled' },
        { tool: 'Prowler', id: 'kms_key_rotation_max_90_days' },
        { tool: 'Checkov', id: 'CKV_GCP_43' },
      ],
    },
  },
  evaluate: (key, params) =>
    withFact(key.managedBy, 'who manages the key', (managedBy, managerEvidence) => {
      if (managedBy === 'provider') return notApplicable('provider-managed key: the provider rotates it on its own schedule', ...managerEvidence);
      return withFact(key.rotationPeriodDays, 'rotation status', (days, ev) => {
        if (days === null) return fail('automatic rotation is off', ...ev);
        return days <= params.maxRotationDays
          ? pass(`rotates every ${days} days`, ...ev)
          : fail(`rotates every ${days} days, longer than ${params.maxRotationDays}`, ...ev);
      });
    }),
});
