// One test for every control: registry in step with the folder, fixtures present and passing,
// metadata complete. A new control needs only its file, its fixtures and an index entry.
import { existsSync, readdirSync } from 'node:fs';
import { z } from 'zod';
import { basename, join } from 'node:path';
import { parametersFor, SEVERITIES, type AnyControl } from '../../policies/control';
import { allControls, findControl } from '../../policies/controls/index';
import { MITRE_ATLAS_MITIGATIONS, NO_ATLAS_MITIGATION } from '../../policies/frameworks/mitre-atlas';
import { NIST_800_53_R5 } from '../../policies/frameworks/nist-800-53-r5';
import type { ControlFixture } from '../support/fixtures';

const CONTROLS_DIR = join(__dirname, '../../policies/controls');
const FIXTURES_DIR = join(__dirname, 'controls');

const controlFiles = readdirSync(CONTROLS_DIR)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => basename(f, '.ts'))
  .sort();

function fixturesOf(control: AnyControl): ControlFixture[] {
  const path = join(FIXTURES_DIR, `${control.id}.fixtures.ts`);
  if (!existsSync(path)) throw new Error(`missing fixtures: create test/policies/controls/${control.id}.fixtures.ts (default export ControlFixture[])`);
  const loaded = require(path) as { default?: ControlFixture[] };
  if (!Array.isArray(loaded.default)) throw new Error(`${path} must default-export a ControlFixture[]`);
  return loaded.default;
}

describe('control registry', () => {
  it('lists every file in policies/controls/, under the file name as id', () => {
    expect(allControls.map((c) => c.id)).toEqual(controlFiles);
    for (const file of controlFiles) {
      const control = (require(join(CONTROLS_DIR, file)) as { default: AnyControl }).default;
      expect(control.id).toBe(file);
      expect(findControl(file)).toBe(control);
    }
  });

  it('is sorted by id with no duplicates', () => {
    const ids = allControls.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(findControl('no-such-control')).toBeUndefined();
  });
});

describe.each(allControls.map((c) => [c.id, c] as const))('%s', (_id, control) => {
  describe('fixtures', () => {
    const fixtures = fixturesOf(control);

    it.each(control.providers.map((p) => [p]))('has a passing, a failing and an unknown fixture for %s', (provider) => {
      const statuses = fixtures.filter((f) => f.provider === provider).map((f) => f.expect);
      expect(statuses).toContain('pass');
      expect(statuses).toContain('fail');
      expect(statuses).toContain('unknown');
    });

    it('has fixtures only for providers it has a block for', () => {
      expect(fixtures.filter((f) => !control.providers.includes(f.provider)).map((f) => `${f.name} (${f.provider})`)).toEqual([]);
    });

    it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
      const resource = f.inventory.resources.find((r) => r.id === f.resourceId && r.kind === control.subject);
      if (!resource) throw new Error(`fixture "${f.name}": no ${control.subject} with id ${f.resourceId} in its inventory`);
      const parameters = parametersFor(control, f.provider, control.parameters.parse(f.parameters ?? {}));
      const judgement = control.evaluate(resource, parameters, f.inventory);
      expect({ status: judgement.status, message: judgement.message }).toEqual({ status: f.expect, message: expect.any(String) });
      expect(judgement.message.length).toBeGreaterThan(0);
      if (f.messageIncludes) expect(judgement.message).toContain(f.messageIncludes);
    });
  });

  describe('metadata', () => {
    it('has a title, a severity and a rationale', () => {
      expect(control.title.trim()).not.toBe('');
      expect(SEVERITIES).toContain(control.severity);
      expect(control.rationale.trim().length).toBeGreaterThan(40);
      expect(control.providers.length).toBeGreaterThan(0);
    });

    it('says how to fix it, as code and live, for each provider', () => {
      for (const provider of control.providers) {
        expect(control.remediation[provider]?.iac?.trim()).toBeTruthy();
        expect(control.remediation[provider]?.live?.trim()).toBeTruthy();
      }
    });

    it('maps to NIST SP 800-53 r5 controls that exist in the framework data', () => {
      expect(control.frameworks.nist80053r5.length).toBeGreaterThan(0);
      for (const id of control.frameworks.nist80053r5) expect(Object.keys(NIST_800_53_R5)).toContain(id);
    });

    it('maps to MITRE ATLAS mitigations that exist, or states why none applies', () => {
      const reason = NO_ATLAS_MITIGATION[control.id];
      if (control.frameworks.mitreAtlas.length === 0) expect(reason?.trim()).toBeTruthy();
      else expect(reason).toBeUndefined();
      for (const id of control.frameworks.mitreAtlas) expect(Object.keys(MITRE_ATLAS_MITIGATIONS)).toContain(id);
    });

    it('names existing compensating controls other than itself', () => {
      for (const id of control.compensatingControls ?? []) {
        expect(id).not.toBe(control.id);
        expect(findControl(id)).toBeDefined();
      }
    });

    it('has defaults for every parameter, for every provider (from the schema or the provider block)', () => {
      const schemaDefaults = control.parameters.parse({});
      const names = Object.keys(z.toJSONSchema(control.parameters, { io: 'input' }).properties ?? {});
      for (const provider of control.providers) {
        const resolved = parametersFor(control, provider, schemaDefaults);
        for (const name of names) expect({ provider, name, value: resolved[name] }).toEqual({ provider, name, value: expect.anything() });
        // Provider defaults are valid values of the control's own schema.
        expect(control.parameters.parse(resolved)).toEqual(resolved);
      }
    });

    it('says, for every provider it has no block for, why it does not apply (and only for those)', () => {
      for (const provider of ['aws', 'azure', 'gcp'] as const) {
        const reason = control.notApplicableTo?.[provider];
        if (control.providers.includes(provider)) expect({ provider, reason }).toEqual({ provider, reason: undefined });
        else expect({ provider, reason: reason?.trim() }).toEqual({ provider, reason: expect.stringMatching(/\S{10,}|.{30,}/) });
      }
    });

    it('derives providers, remediation and equivalents from its provider blocks', () => {
      expect(control.providers).toEqual(Object.keys(control.perProvider));
      for (const provider of control.providers) expect(control.remediation[provider]).toBe(control.perProvider[provider]?.remediation);
      expect(control.equivalents).toEqual(control.providers.flatMap((p) => control.perProvider[p]?.equivalents ?? []));
    });
  });
});

describe('framework data', () => {
  it('holds only ids some control uses', () => {
    const nist = new Set(allControls.flatMap((c) => c.frameworks.nist80053r5));
    const atlas = new Set(allControls.flatMap((c) => c.frameworks.mitreAtlas));
    expect(Object.keys(NIST_800_53_R5).filter((id) => !nist.has(id))).toEqual([]);
    expect(Object.keys(MITRE_ATLAS_MITIGATIONS).filter((id) => !atlas.has(id))).toEqual([]);
    expect(Object.keys(NO_ATLAS_MITIGATION).filter((id) => !findControl(id))).toEqual([]);
  });
});
