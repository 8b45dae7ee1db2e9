// Policy documents in a template (KeyPolicy, PolicyDocument, RepositoryPolicyText): an object or
// a JSON string, with intrinsics inside. Rendered and normalized by the shared platform parser.
import { known, unknown, type Fact, type PolicyStatement } from '../../../policies/model';
import { normalizePolicyDocument, PolicyDocumentError } from '../platform';
import type { PropertyPath, TemplateContext, TemplateResource } from './template-context';
import { Unresolved, type Resolved } from './values';

/** The statements of a document value, or why they cannot be known. */
export function statementsOf(context: TemplateContext, value: Resolved, origin: string): PolicyStatement[] | Unresolved {
  let document = context.renderJson(value);
  if (document instanceof Unresolved) return new Unresolved(`policy document ${origin}: ${document.reason}`, value);
  if (typeof document === 'string') {
    try {
      document = JSON.parse(document);
    } catch (error) {
      return new Unresolved(`policy document ${origin} is a string but not valid JSON (${error instanceof Error ? error.message : String(error)})`, value);
    }
  }
  try {
    return normalizePolicyDocument(document, origin);
  } catch (error) {
    if (error instanceof PolicyDocumentError) return new Unresolved(error.message, value);
    throw error;
  }
}

/** A policy-document property as a fact; `absent` gives the statements when the property is not set. */
export function policyFact(
  context: TemplateContext,
  resource: TemplateResource,
  path: PropertyPath,
  origin: string,
  absent: { readonly statements: PolicyStatement[]; readonly note: string },
): Fact<readonly PolicyStatement[]> {
  const value = resource.get(path);
  if (value === undefined || value === null) return known(absent.statements, resource.evidenceWith(path, absent.note));
  const statements = statementsOf(context, value, origin);
  return statements instanceof Unresolved
    ? unknown(`${resource.type} ${resource.logicalId} ${path.join('.')}: ${statements.reason}`, resource.evidence(path))
    : known(statements, resource.evidence(path));
}
