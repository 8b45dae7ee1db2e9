import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesOfKind } from '../../../../policies/model';
import { expectEndpointReferencesJoin, inventoryOf, STACK, valueOf } from './helpers';

const fixture = readFileSync(join(__dirname, 'fixtures', 'compliant-endpoint.yaml'), 'utf8');

describe('model ids join like live ids', () => {
  it('every reference of the endpoint is the id of a resource in the inventory', () => {
    expectEndpointReferencesJoin(inventoryOf(fixture));
  });

  it('ids are STACK/LogicalId, whatever intrinsic the reference used', () => {
    const inventory = inventoryOf(fixture);
    const [endpoint] = resourcesOfKind(inventory, 'endpoint');
    const [d] = valueOf(endpoint.deployments);
    expect(valueOf(d.identityId)).toBe(`${STACK}/ExecutionRole`); // Fn::GetAtt Role.Arn
    expect(valueOf(endpoint.storageKeyId)).toBe(`${STACK}/Key`); // Ref Key
    expect(valueOf(endpoint.dataCapture).keyId).toBe(`${STACK}/Key`); // Fn::GetAtt Key.Arn
    expect(valueOf(d.artifactStoreIds)).toEqual([`${STACK}/ModelBucket`]); // !Sub s3://${ModelBucket}/...
    expect(valueOf(d.images)[0].repositoryId).toBe(`${STACK}/Repository`); // !Sub ${Repository.RepositoryUri}@...
    expect(valueOf(d.network)).toEqual({ networkId: `${STACK}/Vpc`, subnetIds: [`${STACK}/SubnetA`, `${STACK}/SubnetB`], firewallIds: [`${STACK}/ModelGroup`] });
  });

  it('policy statements name template resources by the same ids', () => {
    const inventory = inventoryOf(fixture);
    const [role] = resourcesOfKind(inventory, 'identity');
    expect(valueOf(role.statements).flatMap((s) => s.resources)).toEqual([`${STACK}/ModelBucket/models/*`, `${STACK}/Key`]);
    const [store] = resourcesOfKind(inventory, 'artifact-store');
    expect(valueOf(store.policy)[0].resources).toEqual([store.id, `${store.id}/*`]);
  });
});
