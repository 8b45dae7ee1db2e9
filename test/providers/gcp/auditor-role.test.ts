import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servedPermissions } from '../../../sim/gcp';

interface CustomRole {
  readonly title: string;
  readonly description: string;
  readonly stage: string;
  readonly includedPermissions: readonly string[];
}

const role = JSON.parse(readFileSync(join(__dirname, '../../../providers/gcp/live/auditor-role.json'), 'utf8')) as CustomRole;

describe('GCP auditor role', () => {
  it('is a custom role definition IAM accepts (title, stage, permissions)', () => {
    expect(role.title).toEqual(expect.any(String));
    expect(['ALPHA', 'BETA', 'GA']).toContain(role.stage);
    expect(role.includedPermissions.length).toBeGreaterThan(0);
    expect(new Set(role.includedPermissions).size).toBe(role.includedPermissions.length);
  });

  it('holds only read-only permissions: get, list and getIamPolicy', () => {
    const verbs = role.includedPermissions.map((permission) => permission.split('.').pop());
    const writes = role.includedPermissions.filter((permission) => !/^[a-z]+\.[A-Za-z]+\.(get|list|getIamPolicy)$/.test(permission));
    expect(writes).toEqual([]);
    expect(new Set(verbs)).toEqual(new Set(['get', 'list', 'getIamPolicy']));
  });

  it('covers exactly the APIs the audit reads', () => {
    const services = new Set(role.includedPermissions.map((permission) => permission.split('.')[0]));
    expect([...services].sort()).toEqual(['accesscontextmanager', 'aiplatform', 'cloudkms', 'resourcemanager']);
  });

  it('grants every permission a served call needs, and none that no call needs', () => {
    expect([...role.includedPermissions].sort()).toEqual(servedPermissions());
  });
});
