// Validators for the vendored published schemas (see README.md here), with ajv and ajv-formats.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

function load(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, file), 'utf8')) as Record<string, unknown>;
}

function compile(file: string): ValidateFunction {
  // The SARIF schema is draft-04, which ajv 8 reads except for its meta-schema and the draft-04
  // `id` keyword: do not validate the schema itself, and let unknown keywords pass (strict off).
  // Its `language` pattern is valid ECMA-262 only without the u flag (`]?`), as JSON Schema reads it.
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, unicodeRegExp: false });
  ajv.removeKeyword('id');
  addFormats(ajv);
  return ajv.compile(load(file));
}

export const validateSarif = compile('sarif-2.1.0-rtm.5.json');
export const validateOcsfComplianceFinding = compile('ocsf-1.1.0-compliance-finding.schema.json');

export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
