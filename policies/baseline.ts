// The baseline: which controls run, at which severity, with which parameters. The default is
// every control with its own defaults; a user's YAML or JSON config file may change that and
// carry waivers. Every mistake in the file is reported with its path and how to fix it.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, type AnyControl } from './control';
import { ConfigError, formatPath, issuesFromZod, unknownNameFix, type ConfigIssue } from './config-error';
import { allControls, findControl } from './controls/index';
import type { Baseline, BaselineEntry } from './evaluate';
import { waiverListSchema, type Waiver } from './waivers';

export { ConfigError, type ConfigIssue } from './config-error';

export function defaultBaseline(): Baseline {
  return {
    name: 'default',
    entries: allControls.map((control) => ({ control, parameters: control.parameters.parse({}), severity: control.severity })),
  };
}

/** One control's settings in a config file; `parameters` is checked against that control's own schema. */
export const controlSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** The shape of a config file (YAML or JSON). */
export const configFileSchema = z.strictObject({
  baseline: z
    .strictObject({
      controls: z.record(z.string(), controlSettingsSchema).optional(),
    })
    .optional(),
  waivers: waiverListSchema.optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

/** The control's parameter schema, refusing parameter names it does not define. */
function strictParameters(control: AnyControl): z.ZodType {
  return control.parameters instanceof z.ZodObject ? control.parameters.strict() : control.parameters;
}

const MAX_YAML_ALIASES = 100;

function parseText(text: string, fileName: string): unknown {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') {
    const document = parseDocument(text);
    if (document.errors.length > 0) {
      throw new ConfigError(
        fileName,
        document.errors.map((e) => ({ path: '', problem: `YAML syntax error: ${e.message.split('\n')[0]}`, fix: 'correct the YAML at that line and column' })),
      );
    }
    try {
      // yaml refuses more aliases than this (an alias bomb expands a small file to gigabytes).
      return document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
      throw new ConfigError(fileName, [{ path: '', problem: `YAML alias expansion refused: ${message}`, fix: `use at most ${MAX_YAML_ALIASES} aliases (*name), or write the values out` }]);
    }
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(fileName, [
      { path: '', problem: `JSON syntax error: ${message}`, fix: 'correct the JSON there, or write the file as YAML with a .yaml extension' },
    ]);
  }
}

function controlIssues(id: string, settings: z.infer<typeof controlSettingsSchema>, control: AnyControl | undefined): ConfigIssue[] {
  const at = ['baseline', 'controls', id];
  if (!control) {
    return [{ path: formatPath(at), problem: `no control has id "${id}"`, fix: unknownNameFix(id, allControls.map((c) => c.id), 'control ids') }];
  }
  if (settings.parameters === undefined) return [];
  const schema = strictParameters(control);
  const result = schema.safeParse(settings.parameters);
  return result.success ? [] : issuesFromZod(result.error, settings.parameters, schema, [...at, 'parameters']);
}

/** Validates a config file's text (YAML for .yaml/.yml, JSON otherwise) into a baseline and waivers; throws ConfigError. */
export function parseConfig(text: string, fileName: string): { baseline: Baseline; waivers: Waiver[] } {
  const data = parseText(text, fileName);
  const parsed = configFileSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(fileName, issuesFromZod(parsed.error, data, configFileSchema));

  const settingsById = parsed.data.baseline?.controls ?? {};
  const issues = Object.entries(settingsById).flatMap(([id, settings]) => controlIssues(id, settings, findControl(id)));
  if (issues.length > 0) throw new ConfigError(fileName, issues);

  const entries: BaselineEntry[] = allControls.flatMap((control) => {
    const settings = settingsById[control.id];
    if (settings?.enabled === false) return [];
    return [
      {
        control,
        parameters: strictParameters(control).parse(settings?.parameters ?? {}),
        severity: settings?.severity ?? control.severity,
      },
    ];
  });
  return { baseline: { name: `default + ${fileName}`, entries }, waivers: parsed.data.waivers ?? [] };
}

/** Reads and validates a config file; throws ConfigError (naming the file) when it cannot be read or is invalid. */
export function loadConfigFile(path: string): { baseline: Baseline; waivers: Waiver[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code ?? String(error)})`;
    throw new ConfigError(path, [{ path: '', problem, fix: 'check the config file path and that the file is readable' }]);
  }
  return parseConfig(text, path);
}
