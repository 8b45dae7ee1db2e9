// Renders CONTROLS.md from the control metadata, so the docs cannot drift from the code.
import { z } from 'zod';
import { parametersFor, type AnyControl } from './control';
import { MITRE_ATLAS_MITIGATIONS, NO_ATLAS_MITIGATION } from './frameworks/mitre-atlas';
import { NIST_800_53_R5 } from './frameworks/nist-800-53-r5';
import type { Provider } from './model';
import { remediationFor } from './remediation';

const PROVIDER_NAMES: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud' };

/** Text safe inside a Markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON-schema type as a reader would write it: `string[]`, `integer >= 1`. */
function typeOf(schema: Record<string, unknown>): string {
  if (schema.type === 'array' && isRecord(schema.items)) return `${typeOf(schema.items)}[]`;
  const bounds = [
    typeof schema.minimum === 'number' ? `>= ${schema.minimum}` : null,
    typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER ? `<= ${schema.maximum}` : null,
  ].filter((b): b is string => b !== null);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  return [typeof schema.type === 'string' ? schema.type : 'value', ...bounds].join(' ');
}

function defaultOf(value: unknown): string {
  if (value === undefined) return '(required)';
  if (Array.isArray(value)) return value.length === 0 ? '`[]` (empty)' : value.map((v) => `\`${String(v)}\``).join(', ');
  return `\`${JSON.stringify(value)}\``;
}

export interface ParameterDoc {
  readonly name: string;
  readonly type: string;
  readonly defaultValue: string;
  readonly description: string;
}

/** A default that depends on the provider, as `AWS: ...; Azure: ...`. */
function providerDefaultsOf(control: AnyControl, name: string): string {
  const perProvider = control.providers.flatMap((provider) => {
    const defaults = control.perProvider[provider]?.defaults;
    return isRecord(defaults) && name in defaults ? [`${PROVIDER_NAMES[provider]}: ${defaultOf(defaults[name])}`] : [];
  });
  return perProvider.length > 0 ? perProvider.join('; ') : defaultOf(undefined);
}

/** The control's parameters, read from the JSON schema of its zod schema; provider-specific defaults from its provider blocks. */
export function parameterDocs(control: AnyControl): ParameterDoc[] {
  const schema = z.toJSONSchema(control.parameters, { io: 'input' }) as Record<string, unknown>;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  return Object.entries(properties).map(([name, property]) => {
    const p = isRecord(property) ? property : {};
    return {
      name,
      type: typeOf(p),
      defaultValue: p.default === undefined ? providerDefaultsOf(control, name) : defaultOf(p.default),
      description: typeof p.description === 'string' ? p.description : '',
    };
  });
}

function section(control: AnyControl): string[] {
  const lines: string[] = [`## ${control.id}`, '', `**${control.title}**`, ''];
  lines.push(
    `- Severity: ${control.severity}`,
    `- Judges: ${control.subject}`,
    `- Providers: ${control.providers.map((p) => PROVIDER_NAMES[p]).join(', ')}`,
    ...Object.entries(control.notApplicableTo ?? {}).map(([p, reason]) => `- Not applicable to ${PROVIDER_NAMES[p as Provider]}: ${reason}`),
    '',
    `### Why`,
    '',
    control.rationale,
    '',
    '### Parameters',
    '',
  );
  const parameters = parameterDocs(control);
  if (parameters.length === 0) lines.push('None.', '');
  else {
    lines.push('| Name | Type | Default | Description |', '|---|---|---|---|');
    for (const p of parameters) lines.push(`| \`${p.name}\` | ${cell(p.type)} | ${cell(p.defaultValue)} | ${cell(p.description)} |`);
    lines.push('');
  }

  lines.push('### Remediation', '');
  for (const provider of control.providers) {
    const remediation = remediationFor(control, provider, parametersFor(control, provider, control.parameters.parse({})));
    lines.push(`${PROVIDER_NAMES[provider]}:`, '');
    if (remediation?.iac) lines.push(`- Infrastructure as code: ${remediation.iac}`);
    if (remediation?.live) lines.push(`- Live resource: ${remediation.live}`);
    lines.push('');
  }

  lines.push('### Frameworks', '');
  lines.push(`- NIST SP 800-53 r5: ${control.frameworks.nist80053r5.map((id) => `${id} ${NIST_800_53_R5[id] ?? '(unknown id)'}`).join('; ')}`);
  const atlas = control.frameworks.mitreAtlas.map((id) => `${id} ${MITRE_ATLAS_MITIGATIONS[id] ?? '(unknown id)'}`);
  lines.push(`- MITRE ATLAS: ${atlas.length > 0 ? atlas.join('; ') : `none. ${NO_ATLAS_MITIGATION[control.id] ?? ''}`.trim()}`, '');

  lines.push('### Equivalents in other tools', '');
  if (control.equivalents.length === 0) lines.push('None: no public tool checks this today.', '');
  else {
    for (const provider of control.providers) {
      const equivalents = control.perProvider[provider]?.equivalents ?? [];
      if (equivalents.length > 0) lines.push(`${PROVIDER_NAMES[provider]}:`, '', ...equivalents.map((e) => `- ${e.tool}: \`${e.id}\``), '');
    }
  }

  if (control.compensatingControls && control.compensatingControls.length > 0) {
    lines.push(
      '### When not applicable',
      '',
      `Where a platform limit makes this control not applicable, these controls compensate: ${control.compensatingControls.map((id) => `[${id}](#${id})`).join(', ')}.`,
      '',
    );
  }
  return lines;
}

const ALL_PROVIDERS = Object.keys(PROVIDER_NAMES) as Provider[];

/** The control x provider matrix: where each control applies, and why it does not where it does not. */
function providerMatrix(controls: readonly AnyControl[]): string[] {
  return [
    '## Providers',
    '',
    'Where the judgement is the same, the control id is the same on every cloud. A control that does not judge a provider says why.',
    '',
    `| Control | ${ALL_PROVIDERS.map((p) => PROVIDER_NAMES[p]).join(' | ')} |`,
    `|---|${ALL_PROVIDERS.map(() => '---').join('|')}|`,
    ...controls.map(
      (c) =>
        `| [${c.id}](#${c.id}) | ${ALL_PROVIDERS.map((p) => (c.perProvider[p] ? 'applies' : cell(`not applicable: ${c.notApplicableTo?.[p] ?? '(no reason given)'}`))).join(' | ')} |`,
    ),
    '',
  ];
}

/** The whole CONTROLS.md: a table of contents, then one section per control, in the order given. */
export function renderControlsMarkdown(controls: readonly AnyControl[]): string {
  const lines = [
    '# Controls',
    '',
    '<!-- Generated from the control metadata in policies/controls/ by policies/docs.ts. Do not edit: run `npm run docs` to regenerate. -->',
    '',
    `The inferguard baseline has ${controls.length} controls. Each judges one kind of resource and gives one result per resource: ` +
      '`pass`, `fail`, `not_applicable` (with the platform reason) or `unknown` (a fact could not be read; never a pass). ' +
      'Parameters can be set per control in a config file under `baseline.controls.<id>.parameters`.',
    '',
    '| Control | Title | Severity | Judges | Providers |',
    '|---|---|---|---|---|',
    ...controls.map(
      (c) => `| [${c.id}](#${c.id}) | ${cell(c.title)} | ${c.severity} | ${c.subject} | ${c.providers.map((p) => PROVIDER_NAMES[p]).join(', ')} |`,
    ),
    '',
    ...providerMatrix(controls),
    ...controls.flatMap(section),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
