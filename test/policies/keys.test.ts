import { findKey, isProviderManagedKeyRef, judgeCustomerKey, sameKeyRef } from '../../policies/keys';
import { compliantInventory, KEY_ID } from '../support/builders';

const KEY_UUID = KEY_ID.split('/')[1];

describe('key references', () => {
  it('recognises provider-managed aliases by name or ARN', () => {
    expect(isProviderManagedKeyRef('alias/aws/sagemaker')).toBe(true);
    expect(isProviderManagedKeyRef('arn:aws:kms:us-east-1:111122223333:alias/aws/s3')).toBe(true);
    expect(isProviderManagedKeyRef('alias/awsome-key')).toBe(false);
    expect(isProviderManagedKeyRef(KEY_ID)).toBe(false);
  });

  it('treats a key ARN and its bare id as the same key', () => {
    expect(sameKeyRef(KEY_ID, KEY_UUID)).toBe(true);
    expect(sameKeyRef(KEY_UUID, KEY_ID)).toBe(true);
    expect(sameKeyRef(KEY_ID, '9999aaaa-2222-3333-4444-555566667777')).toBe(false);
  });

  it('finds the inventory key by ARN, bare id or name', () => {
    const inventory = compliantInventory();
    expect(findKey(inventory, KEY_ID)?.id).toBe(KEY_ID);
    expect(findKey(inventory, KEY_UUID)?.id).toBe(KEY_ID);
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
  });
});
