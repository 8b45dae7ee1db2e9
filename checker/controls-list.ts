// The baseline as a list for `inferguard controls`: a table for people, JSON for tools, Markdown
// (CONTROLS.md) from the policies' own documentation renderer.
import Table from 'cli-table3';
import type { AnyControl } from '../policies/control';
import type { Baseline } from '../policies/evaluate';
import { remediationsFor } from '../policies/remediation';
import { withStableKeys } from './report/json';

export interface ControlsListInput {
  readonly baseline: Baseline;
  /** Every control, for the documentation (which covers all of them, enabled or not). */
  readonly allControls: readonly AnyControl[];
  readonly renderMarkdown: (controls: readonly AnyControl[]) => string;
}

function table({ baseline }: ControlsListInput): string {
  const t = new Table({
    head: ['Control', 'Severity', 'Checks', 'Providers', 'Title'],
    colWidths: [null, null, null, null, 60],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const { control, severity } of baseline.entries) {
    t.push([control.id, severity, control.subject, control.providers.join(', '), control.title]);
  }
  return `Baseline ${baseline.name}: ${baseline.entries.length} controls\n${t.toString()}\n`;
}

function json({ baseline }: ControlsListInput): string {
  const list = {
    baseline: baseline.name,
    controls: baseline.entries.map(({ control, severity, parameters }) => ({
      id: control.id,
      title: control.title,
      severity,
      subject: control.subject,
      providers: control.providers,
      rationale: control.rationale,
      remediation: remediationsFor(control, parameters),
      frameworks: control.frameworks,
      equivalents: control.equivalents,
      compensatingControls: control.compensatingControls ?? [],
      parameters,
    })),
  };
  return `${JSON.stringify(withStableKeys(list), null, 2)}\n`;
}

function markdown({ allControls, renderMarkdown }: ControlsListInput): string {
  return renderMarkdown(allControls);
}

export const controlsFormats = { table, json, markdown } as const satisfies Record<string, (input: ControlsListInput) => string>;

export type ControlsFormatName = keyof typeof controlsFormats;
export const CONTROLS_FORMAT_NAMES = Object.keys(controlsFormats) as ControlsFormatName[];
