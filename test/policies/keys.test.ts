import { findKey, judgeCustomerKey } from '../../policies/keys';
import { evidence, known, unknown, type Inventory } from '../../policies/model';
import { compliantInventory, key, KEY_ID } from '../support/builders';

const OUTSIDE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/9999aaaa-2222-3333-4444-555566667777';

describe('key references', () => {
  it('finds the inventory key by the id adapters write, or by its name', () => {
    const inventory = compliantInventory();
    expect(findKey(inventory, KEY_ID)?.id).toBe(KEY_ID);
    expect(findKey(inventory, 'inference-key')?.id).toBe(KEY_ID);
    expect(findKey(inventory, 'alias/other')).toBeUndefined();
  });
});

describe('judgeCustomerKey', () => {
  const inventory = compliantInventory();
  it('passes a customer key and keeps the reference evidence', () => {
    const ref = { source: 'fixture', path: 'KmsKeyId', value: KEY_ID };
    const judgement = judgeCustomerKey('storage', KEY_ID, inventory, [ref]);
    expect(judgement.status).toBe('pass');
    expect(judgement.evidence[0]).toEqual(ref);
  });

  it('fails a missing key and an allow-list miss', () => {
    expect(judgeCustomerKey('storage', null, inventory, []).status).toBe('fail');
    expect(judgeCustomerKey('storage', KEY_ID, inventory, [], ['arn:aws:kms:us-east-1:111122223333:key/other']).message).toContain('allowedKeyIds');
    expect(judgeCustomerKey('storage', KEY_ID, inventory, [], ['inference-key']).status).toBe('pass');
  });

  it('fails a provider-managed key even when its id is a plain key id (the adapter read who manages it)', () => {
    const awsManaged = key({ managedBy: known('provider', evidence('kms:DescribeKey', 'KeyMetadata.KeyManager', 'AWS')) });
    const judgement = judgeCustomerKey('storage', KEY_ID, { ...inventory, resources: [awsManaged] }, []);
    expect(judgement.status).toBe('fail');
    expect(judgement.message).toContain('provider-managed');
  });

  it('is unknown for a key the inventory does not hold and no reference fact describes', () => {
    const judgement = judgeCustomerKey('storage', OUTSIDE_KEY, inventory, []);
    expect(judgement.status).toBe('unknown');
    expect(judgement.message).toContain('not in the inventory');
  });

  it('judges an outside key by what the adapter read from the reference itself', () => {
    const withReferences = (managedBy: Inventory['keyReferences']): Inventory => ({ ...inventory, keyReferences: managedBy });
    const providerAlias = withReferences([{ id: 'alias/aws/sagemaker', managedBy: known('provider', evidence('AWS::KMS::Alias', 'AliasName', 'alias/aws/sagemaker')) }]);
    expect(judgeCustomerKey('storage', 'alias/aws/sagemaker', providerAlias, []).status).toBe('fail');
    const unread = withReferences([{ id: OUTSIDE_KEY, managedBy: unknown('declared in another stack') }]);
    const judgement = judgeCustomerKey('storage', OUTSIDE_KEY, unread, []);
    expect(judgement.status).toBe('unknown');
    expect(judgement.message).toContain('declared in another stack');
  });

  it('is unknown when the inventory key could not be described', () => {
    const unreadable = key({ managedBy: unknown('AccessDeniedException from kms:DescribeKey') });
    expect(judgeCustomerKey('storage', KEY_ID, { ...inventory, resources: [unreadable] }, []).status).toBe('unknown');
  });
});
