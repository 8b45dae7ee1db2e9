// Parses a CloudFormation template from JSON or YAML. YAML short-form intrinsic tags (`!Ref`,
// `!GetAtt`, `!Sub` ...) become their long form (`{ Ref: ... }`, `{ "Fn::GetAtt": [...] }`).
import { parseDocument, type ScalarTag, type CollectionTag, type YAMLMap, type YAMLSeq } from 'yaml';

/** Short-form tag name -> long-form key. */
const SHORT_FORM_TAGS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

function shortFormTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const [short, long] of Object.entries(SHORT_FORM_TAGS)) {
    const tag = `!${short}`;
    // `!GetAtt Resource.Attribute` is the one scalar form with structure inside it.
    const scalar = (value: string) => ({ [long]: short === 'GetAtt' ? splitGetAtt(value) : value });
    tags.push({ tag, identify: () => false, resolve: scalar });
    tags.push({ tag, collection: 'seq', identify: () => false, resolve: (seq) => ({ [long]: (seq as YAMLSeq).toJSON() }) });
    tags.push({ tag, collection: 'map', identify: () => false, resolve: (map) => ({ [long]: (map as YAMLMap).toJSON() }) });
  }
  return tags;
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

export class TemplateParseError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'TemplateParseError';
  }
}

/** Parses template text; JSON first when it looks like JSON, YAML otherwise. `where` names the source in errors. */
export function parseTemplateText(text: string, where: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new TemplateParseError(where, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, { customTags: shortFormTags(), uniqueKeys: true });
  } catch (error) {
    throw new TemplateParseError(where, `is not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  const problem = document.errors[0] ?? document.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const hint = problem.code === 'TAG_RESOLVE_FAILED' ? ' (CloudFormation knows only its intrinsic-function tags such as !Ref, !Sub, !GetAtt, !If)' : '';
    throw new TemplateParseError(where, `is not valid YAML: ${problem.message.split('\n')[0]}${hint}`);
  }
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new TemplateParseError(where, `is not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
}
