// The auditor's custom Azure role: read-only, no secret-returning action, and exactly the reads the ARM simulator
// serves (the coverage test against the live readers' calls comes with the readers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servedActions } from '../../../../sim/azure';

interface CustomRole {
  readonly Name: string;
  readonly IsCustom: boolean;
  readonly Description: string;
  readonly Actions: readonly string[];
  readonly NotActions: readonly string[];
  readonly DataActions: readonly string[];
  readonly NotDataActions: readonly string[];
  readonly AssignableScopes: readonly string[];
}

const role = JSON.parse(readFileSync(join(__dirname, '../../../../providers/azure/live/auditor-role.json'), 'utf8')) as CustomRole;

describe('providers/azure/live/auditor-role.json', () => {
  it('is a custom role definition in the format `az role definition create` reads', () => {
    expect(Object.keys(role).sort()).toEqual(['Actions', 'AssignableScopes', 'DataActions', 'Description', 'IsCustom', 'Name', 'NotActions', 'NotDataActions']);
    expect(role.IsCustom).toBe(true);
    expect(role.AssignableScopes.length).toBeGreaterThan(0);
  });

  it('grants only control-plane reads of named resource types: no wildcard, no action, no data action', () => {
    for (const action of role.Actions) {
      expect(action).toMatch(/^Microsoft\.[A-Za-z]+(\/[A-Za-z]+)+\/read$/);
      expect(action).not.toContain('*');
    }
    expect(role.DataActions).toEqual([]);
    expect(role.NotActions).toEqual([]);
    expect(new Set(role.Actions).size).toBe(role.Actions.length);
  });

  it('has no action that returns secrets or keys', () => {
    const secretReturning = /listKeys|listSecrets|regenerateKey|token|secrets|listCredentials|getAccessToken|listConnectionStrings/i;
    for (const action of role.Actions) expect(action).not.toMatch(secretReturning);
  });

  it('covers exactly the reads the ARM simulator serves (nothing missing, nothing unused)', () => {
    expect([...role.Actions].sort()).toEqual(servedActions());
  });
});
