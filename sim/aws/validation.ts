// Input validation with zod, reported the way AWS services report it.
import type { z } from 'zod';
import type { AwsApiError } from './errors';

/** One problem with a request parameter, in terms every protocol can phrase its own way. */
export interface ValidationProblem {
  /** Member names and list positions from the top of the input, e.g. `['ProductionVariants', 0, 'VariantName']`. */
  readonly path: readonly (string | number)[];
  readonly missing: boolean;
  /** The constraint as AWS words it: `Member must not be null`, `Member must have value greater than or equal to 1`. */
  readonly constraint: string;
  readonly value: unknown;
}

export type ValidationFailure = (problems: readonly ValidationProblem[]) => AwsApiError;

export function validate<T>(schema: z.ZodType<T>, value: unknown, failure: ValidationFailure): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw failure(result.error.issues.map(toProblem));
}

function toProblem(issue: z.core.$ZodIssue): ValidationProblem {
  const value = 'input' in issue ? issue.input : undefined;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const missing = value === undefined && issue.code === 'invalid_type';
  return { path, missing, constraint: missing ? 'Member must not be null' : constraintOf(issue), value };
}

function constraintOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
        ? `Member must have value greater than or equal to ${String(issue.minimum)}`
        : `Member must have length greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
        ? `Member must have value less than or equal to ${String(issue.maximum)}`
        : `Member must have length less than or equal to ${String(issue.maximum)}`;
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue && typeof issue.pattern === 'string'
        ? `Member must satisfy regular expression pattern: ${issue.pattern.replace(/^\/|\/[a-z]*$/g, '')}`
        : `Member must be a valid ${issue.format}`;
    case 'invalid_type':
      return `Member must be of type ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** AWS names members lowerCamel in messages and counts list positions from 1: `productionVariants.1.member.variantName`. */
export function awsMemberPath(path: readonly (string | number)[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `${part + 1}.member` : part.charAt(0).toLowerCase() + part.slice(1)))
    .join('.');
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

/** `1 validation error detected: Value null at 'endpointName' failed to satisfy constraint: Member must not be null` */
export function awsValidationMessage(problems: readonly ValidationProblem[]): string {
  const parts = problems.map(
    (p) => `Value ${describeValue(p.value)} at '${awsMemberPath(p.path)}' failed to satisfy constraint: ${p.constraint}`,
  );
  const count = problems.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
