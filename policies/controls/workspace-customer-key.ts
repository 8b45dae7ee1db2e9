import { z } from 'zod';
import { defineControl, withFact } from '../control';
import { judgeCustomerKey } from '../keys';

export default defineControl({
  id: 'workspace-customer-key',
  title: 'Workspace data is encrypted with a customer-managed key',
  severity: 'medium',
  subject: 'workspace',
  parameters: z.strictObject({
    allowedKeyIds: z
      .array(z.string().min(1))
      .default([])
      .describe('Key ids the workspace key must be one of; empty allows any customer-managed key.'),
  }),
  rationale:
    'The workspace stores what its endpoints serve and collect: model registrations, environment images, logs and collected data. A customer-managed key puts that data under your key\'s access policy and audit trail and lets you revoke it by disabling the key.',
  frameworks: { nist80053r5: ['SC-28', 'SC-12'], mitreAtlas: ['AML.M0012', 'AML.M0005'] },
  perProvider: {
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave customer-key encryption on (default: a Key Vault key with rotation); Pulumi: machinelearningservices.Workspace.encryption { status: "Enabled", keyVaultProperties: { keyVaultArmId, keyIdentifier }, identity }.',
        live: 'Workspace encryption is set at creation: create a new workspace with `az ml workspace create --customer-managed-key <key id> ...` and move the models and endpoints to it.',
      },
      equivalents: [{ tool: 'Azure Policy', id: 'ba769a63-b8cc-4b2d-abf6-ac33c7204be8' }],
    },
  },
  notApplicableTo: {
    aws: 'SageMaker has no workspace: each resource names its own key (endpoint-storage-customer-key, artifact-store-customer-key, data-capture-customer-key).',
    gcp: 'Vertex AI has no project-wide key: each resource names its own in encryptionSpec, judged by endpoint-storage-customer-key.',
  },
  compensatingControls: ['endpoint-storage-customer-key'],
  evaluate: (workspace, params, inventory) =>
    withFact(workspace.encryptionKeyId, 'workspace encryption key', (keyId, ev) => judgeCustomerKey('workspace data', keyId, inventory, ev, params.allowedKeyIds)),
});
