// Parameter values for a template, in the formats people already have:
//   - the CloudFormation CLI's JSON: [{ "ParameterKey": "K", "ParameterValue": "V" }, ...]
//     (also `describe-stacks` output entries, whose ResolvedValue gives an SSM parameter's value);
//   - `Key=Value` lists (`aws cloudformation deploy --parameter-overrides`), one or more per line,
//     or as a JSON array of "Key=Value" strings; the CLI shorthand `ParameterKey=K,ParameterValue=V`;
//   - a CodePipeline template configuration file: { "Parameters": { "K": "V" } }.
import { readFile } from 'node:fs/promises';
import type { TemplateReadOptions } from './template-to-inventory';
import { TemplateError } from './template-context';

export type ParameterValues = Required<Pick<TemplateReadOptions, 'parameterValues' | 'resolvedParameterValues'>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const FORMATS =
  'expected the CloudFormation CLI JSON ([{"ParameterKey": "Name", "ParameterValue": "value"}]), {"Parameters": {"Name": "value"}}, or Key=Value pairs (one or more per line)';

class Collector {
  readonly parameterValues: Record<string, string> = {};
  readonly resolvedParameterValues: Record<string, string> = {};

  constructor(readonly where: string) {}

  add(key: unknown, value: unknown, what: string): void {
    if (typeof key !== 'string' || key.trim() === '') throw new TemplateError(this.where, `${what} has no parameter name; ${FORMATS}`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TemplateError(this.where, `${what} (${key}) has no string value; ${FORMATS}`);
    }
    if (key in this.parameterValues) throw new TemplateError(this.where, `parameter ${key} is given twice`);
    this.parameterValues[key] = String(value);
  }
}

function fromJson(document: unknown, collector: Collector): void {
  if (Array.isArray(document)) {
    document.forEach((entry, i) => {
      if (typeof entry === 'string') return fromPair(entry, collector, `entry ${i + 1}`);
      if (!isRecord(entry)) throw new TemplateError(collector.where, `entry ${i + 1} is neither {"ParameterKey", "ParameterValue"} nor "Key=Value"; ${FORMATS}`);
      // UsePreviousValue keeps the deployed stack's value, which a template scan cannot know.
      if (entry.UsePreviousValue === true && entry.ParameterValue === undefined) return;
      collector.add(entry.ParameterKey, entry.ParameterValue, `entry ${i + 1}`);
      if (typeof entry.ResolvedValue === 'string') collector.resolvedParameterValues[entry.ParameterKey as string] = entry.ResolvedValue;
    });
    return;
  }
  if (isRecord(document) && isRecord(document.Parameters)) {
    for (const [key, value] of Object.entries(document.Parameters)) collector.add(key, value, `Parameters.${key}`);
    return;
  }
  throw new TemplateError(collector.where, `is JSON of another shape; ${FORMATS}`);
}

function fromPair(text: string, collector: Collector, what: string): void {
  const shorthand = /^ParameterKey=([^,]+),ParameterValue=(.*?)(?:,UsePreviousValue=\w+)?(?:,ResolvedValue=.*)?$/.exec(text);
  if (shorthand) return collector.add(shorthand[1], shorthand[2], what);
  const equals = text.indexOf('=');
  if (equals <= 0) throw new TemplateError(collector.where, `${what} "${text}" is not Key=Value; ${FORMATS}`);
  collector.add(text.slice(0, equals).trim(), text.slice(equals + 1), what);
}

/** Parses the text of a parameters file; `where` names it in errors. */
export function parseParameterValues(text: string, where: string): ParameterValues {
  const collector = new Collector(where);
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let document: unknown;
    try {
      document = JSON.parse(trimmed);
    } catch (error) {
      throw new TemplateError(where, `is not valid JSON (${error instanceof Error ? error.message : String(error)}); ${FORMATS}`);
    }
    fromJson(document, collector);
  } else {
    // Key=Value pairs separated by white space or new lines; a value with spaces can be quoted ("Key=a b").
    const tokens = trimmed.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
    tokens.forEach((token, i) => fromPair(token.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'), collector, `pair ${i + 1}`));
  }
  return { parameterValues: collector.parameterValues, resolvedParameterValues: collector.resolvedParameterValues };
}

export async function readParameterValues(file: string): Promise<ParameterValues> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TemplateError(file, `cannot be read (${error instanceof Error ? error.message : String(error)}): give a parameters file`);
  }
  return parseParameterValues(text, file);
}
