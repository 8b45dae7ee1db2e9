import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allControls } from '../../policies/controls/index';
import { parameterDocs, renderControlsMarkdown } from '../../policies/docs';
import { findControl } from '../../policies/controls/index';

const CONTROLS_MD = join(__dirname, '../../CONTROLS.md');

describe('CONTROLS.md', () => {
  it('is the render of the current control metadata', () => {
    const committed = readFileSync(CONTROLS_MD, 'utf8');
    const rendered = renderControlsMarkdown(allControls);
    if (committed !== rendered) {
      throw new Error('CONTROLS.md is stale: it no longer matches the control metadata. Run `npm run docs` to regenerate it, and commit the result.');
    }
  });
});

describe('renderControlsMarkdown', () => {
  const markdown = renderControlsMarkdown(allControls);

  it('links every control from the table of contents to its section', () => {
    for (const control of allControls) {
      expect(markdown).toContain(`| [${control.id}](#${control.id}) | ${control.title} | ${control.severity} |`);
      expect(markdown).toContain(`\n## ${control.id}\n`);
    }
  });

  it('has a control x provider matrix: applies, or not applicable with the reason stored in the control', () => {
    expect(markdown).toContain('| Control | AWS | Azure | Google Cloud |');
    const perimeter = findControl('project-service-perimeter');
    expect(markdown).toContain(`| [project-service-perimeter](#project-service-perimeter) | not applicable: ${perimeter?.notApplicableTo?.aws} | not applicable: ${perimeter?.notApplicableTo?.azure} | applies |`);
    expect(markdown).toContain('| [key-rotation-enabled](#key-rotation-enabled) | applies | applies | applies |');
    expect(markdown).toContain(`- Not applicable to AWS: ${findControl('endpoint-public-access-disabled')?.notApplicableTo?.aws}`);
  });

  it('shows parameters with their types and defaults from the zod schema', () => {
    expect(markdown).toContain('| `minInstances` | integer >= 1 | `2` | Fewest instances a deployment may run on. |');
    expect(markdown).toContain('| `requiredServices` | string[] | AWS: `sagemaker.api`, `sagemaker.runtime` |');
  });

  it('names framework titles, equivalents, compensating controls and missing ATLAS mappings', () => {
    expect(markdown).toContain('SC-7 Boundary Protection');
    expect(markdown).toContain('AML.M0019 Control Access to AI Models and Data in Production');
    expect(markdown).toContain('- Security Hub: `SageMaker.5`');
    expect(markdown).toContain('these controls compensate: [identity-least-privilege](#identity-least-privilege)');
    expect(markdown).toContain('- MITRE ATLAS: none. Redundancy is an availability measure');
    expect(markdown).toContain('None: no public tool checks this today.');
  });

  it('renders only the controls it is given', () => {
    const one = renderControlsMarkdown([allControls[0]]);
    expect(one).toContain('has 1 controls');
    expect(one).not.toContain(`## ${allControls[1].id}`);
  });
});

describe('parameterDocs', () => {
  it('reads name, type, default and description', () => {
    const control = findControl('key-rotation-enabled');
    expect(control && parameterDocs(control)).toEqual([
      { name: 'maxRotationDays', type: 'integer >= 1', defaultValue: 'AWS: `365`; Azure: `365`; Google Cloud: `90`', description: 'Longest accepted automatic rotation period, in days.' },
    ]);
  });

  it('is empty for a control without parameters', () => {
    const control = findControl('model-private-network');
    expect(control && parameterDocs(control)).toEqual([]);
  });
});
