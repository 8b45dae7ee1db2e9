import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AZURE_COMPONENT_CONTROL_IDS,
  defaultDeploymentSettings,
  defaultEndpointSettings,
  defaultKeySettings,
  defaultKeyVaultSettings,
  defaultWorkspaceSettings,
  durationDays,
  mergeSettings,
  parseImageReference,
  resolveSettings,
} from '../../../../providers/azure/component';
import { findWeakenings } from '../../../../providers/azure/component/settings';
import { IMAGE, REGISTRY_ID } from './support';

describe('mergeSettings', () => {
  it('applies defaults, then overrides, then wiring', () => {
    expect(mergeSettings({ a: 1, b: 1, c: 1 }, { b: 2, c: 2 }, { c: 3 })).toEqual({ a: 1, b: 2, c: 3 });
  });
  it('keeps the default when an override is explicitly undefined', () => {
    expect(mergeSettings<{ a?: number }>({ a: 1 }, { a: undefined })).toEqual({ a: 1 });
  });
});

describe('secure defaults', () => {
  it('meet every control the component knows: no weakening', () => {
    expect(findWeakenings(resolveSettings({ resourceGroupName: 'rg', image: IMAGE, containerRegistryId: REGISTRY_ID, model: { uri: 'azureml://x' } }))).toEqual([]);
  });

  it('are the documented values', () => {
    expect(defaultWorkspaceSettings()).toEqual({
      publicNetworkAccess: 'Disabled',
      allowPublicAccessWhenBehindVnet: false,
      v1LegacyMode: false,
      isolationMode: 'AllowOnlyApprovedOutbound',
      customerManagedKey: true,
      privateEndpoint: true,
      hbiWorkspace: true,
    });
    expect(defaultKeyVaultSettings()).toMatchObject({ enableSoftDelete: true, enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: 'Disabled', networkDefaultAction: 'Deny' });
    expect(defaultKeySettings()).toMatchObject({ rotationEnabled: true, rotateAfter: 'P365D' });
    expect(defaultEndpointSettings()).toEqual({ publicNetworkAccess: 'Disabled', authMode: 'AADToken' });
    expect(defaultDeploymentSettings()).toMatchObject({ instanceCount: 2, egressPublicNetworkAccess: undefined });
  });

  it('defaults.ts names every control id the component reports', () => {
    const source = readFileSync(join(__dirname, '../../../../providers/azure/component/defaults.ts'), 'utf8');
    for (const id of AZURE_COMPONENT_CONTROL_IDS.filter((control) => control !== 'image-pinned-by-digest' && control !== 'image-private-registry')) {
      expect(source).toContain(`${id}:`);
    }
  });

  it('each default is a fresh object', () => {
    expect(defaultWorkspaceSettings()).not.toBe(defaultWorkspaceSettings());
  });
});

describe('parseImageReference', () => {
  it.each([
    ['contoso.azurecr.io/team/scorer@sha256:' + 'a'.repeat(64), { registry: 'contoso.azurecr.io', repository: 'team/scorer', digest: 'sha256:' + 'a'.repeat(64) }],
    ['contoso.azurecr.io/scorer:1.2', { registry: 'contoso.azurecr.io', repository: 'scorer', tag: '1.2' }],
    ['localhost:5000/scorer:1', { registry: 'localhost:5000', repository: 'scorer', tag: '1' }],
    ['python:3.12', { registry: 'docker.io', repository: 'python', tag: '3.12' }],
    ['library/python', { registry: 'docker.io', repository: 'library/python' }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });
});

describe('durationDays', () => {
  it.each([
    ['P365D', 365],
    ['P18M', 540],
    ['P2Y', 730],
    ['P1Y6M', 545],
    ['P', undefined],
    ['365', undefined],
    ['PT1H', undefined],
  ])('%s', (duration, days) => {
    expect(durationDays(duration)).toBe(days);
  });
});
