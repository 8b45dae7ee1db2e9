import { z } from 'zod';
import { combine, defineControl, fail, notApplicable, pass, withFact, type Judgement } from '../control';

export default defineControl({
  id: 'key-store-hardened',
  title: 'Key stores resist deletion and are reachable only privately, under role-based access',
  severity: 'medium',
  subject: 'key-store',
  parameters: z.strictObject({
    judgePublicNetworkAccess: z
      .boolean()
      .optional()
      .describe('Judge the store\'s own public network access; off where the provider gives key stores no network setting (the perimeter control judges it).'),
  }),
  rationale:
    'Deleting or purging the key that encrypts a workspace or endpoint destroys its data for good (crypto-shredding by an attacker or a mistake): soft delete and purge protection keep a way back. Role-based access puts key use under the same audited identity platform as everything else, and a store without public network access cannot be reached from the internet.',
  frameworks: { nist80053r5: ['SC-12', 'AC-3', 'SC-7'], mitreAtlas: ['AML.M0012', 'AML.M0005'] },
  perProvider: {
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave the Key Vault at its defaults; Pulumi: keyvault.Vault.properties { enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: "Disabled" }.',
        live: '`az keyvault update --name <vault> --enable-purge-protection true --enable-rbac-authorization true --public-network-access Disabled` (soft delete is on for every new vault and cannot be turned off).',
      },
      equivalents: [
        { tool: 'Checkov', id: 'CKV_AZURE_110' },
        { tool: 'Checkov', id: 'CKV_AZURE_42' },
        { tool: 'Checkov', id: 'CKV_AZURE_189' },
      ],
      defaults: { judgePublicNetworkAccess: true },
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave the key ring and key at their defaults; Pulumi: kms.CryptoKey.destroyScheduledDuration of at least 30 days, access through IAM bindings only, reached through the project\'s service perimeter.',
        live: '`gcloud kms keys update <key> --keyring <ring> --location <region>` cannot change the destroy schedule: create keys with `--destroy-scheduled-duration 30d`; restrict cloudkms.googleapis.com in the service perimeter.',
      },
      equivalents: [],
      // A Cloud KMS key ring has no network setting: the API is reached through the project's perimeter.
      defaults: { judgePublicNetworkAccess: false },
    },
  },
  notApplicableTo: {
    aws: 'AWS KMS has no separate key store: each key carries its own deletion waiting period and key policy (judged by key-not-public).',
  },
  evaluate: (store, params) => {
    const checks: Judgement[] = [
      withFact(store.softDelete, 'soft delete', (on, ev) => (on ? pass('soft delete is on', ...ev) : fail('soft delete is off: deleted keys cannot be recovered', ...ev))),
      withFact(store.purgeProtection, 'purge protection', (on, ev) =>
        on ? pass('purge protection is on', ...ev) : fail('purge protection is off: a deleted key can be purged before its retention period ends', ...ev),
      ),
      withFact(store.accessModel, 'access model', (model, ev) =>
        model === 'role-based' ? pass('access is decided by role-based access control', ...ev) : fail('access is decided by the store\'s own access policies, not role-based access control', ...ev),
      ),
      params.judgePublicNetworkAccess
        ? withFact(store.publicNetworkAccess, 'public network access', (open, ev) =>
            open ? fail('the store accepts requests from the public internet', ...ev) : pass('public network access is disabled', ...ev),
          )
        : notApplicable('the store has no network access setting of its own: project-service-perimeter judges who reaches it'),
    ];
    return combine(checks);
  },
});
