// AWS::IAM::Role (+ AWS::IAM::Policy, AWS::IAM::RolePolicy, AWS::IAM::ManagedPolicy attached to it) -> Identity.
//
// Managed policies whose documents are not in the template (AWS managed policies, customer policies
// of other stacks) are listed in attachedPolicies by ARN, which is how the least-privilege control
// judges forbidden ones; but what they grant is not known, so the role's statements are then unknown.
import { known, listFact, unknown, type Evidence, type Fact, type Identity, type PolicyStatement } from '../../../../policies/model';
import { withExpandedActions } from '../../iam-actions';
import { isProviderManagedPolicyArn } from '../../platform';
import { statementsOf } from '../policy-documents';
import { referenceId } from '../references';
import type { TemplateContext, TemplateResource } from '../template-context';
import { Unresolved, isResolvedArray, type Resolved } from '../values';

const ROLE = 'AWS::IAM::Role';
const POLICY = 'AWS::IAM::Policy';
const ROLE_POLICY = 'AWS::IAM::RolePolicy';
const MANAGED_POLICY = 'AWS::IAM::ManagedPolicy';

type AttachedPolicy = { readonly id: string; readonly name: string; readonly providerManaged: boolean };

/** Does `value` (a role name, ARN or reference) name `role`? Unresolved when it cannot be told. */
function namesRole(context: TemplateContext, value: Resolved, role: TemplateResource): boolean | Unresolved {
  if (context.referenced(value, ROLE)) return context.referenced(value, ROLE) === role;
  const name = context.render(value);
  if (name instanceof Unresolved) return name;
  const declared = role.get(['RoleName']);
  return typeof name === 'string' && typeof declared === 'string' && (name === declared || name.endsWith(`:role/${declared}`) || name.endsWith(`/${declared}`));
}

/** Does a `Roles` list (AWS::IAM::Policy, AWS::IAM::ManagedPolicy) include `role`? */
function rolesInclude(context: TemplateContext, policy: TemplateResource, role: TemplateResource): boolean | Unresolved {
  const roles = policy.get(['Roles']);
  if (roles === undefined || roles === null) return false;
  if (roles instanceof Unresolved) return roles;
  if (!isResolvedArray(roles)) return new Unresolved('Roles is not a list', roles);
  let undecided: Unresolved | null = null;
  for (const entry of roles) {
    const names = namesRole(context, entry, role);
    if (names === true) return true;
    if (names instanceof Unresolved) undecided ??= names;
  }
  return undecided ?? false;
}

interface Grants {
  readonly statements: PolicyStatement[];
  readonly attached: AttachedPolicy[];
  readonly evidence: Evidence[];
  /** Why the statements are not fully known. */
  readonly gaps: string[];
  /** Why the attached-policy list is not fully known. */
  readonly attachedGaps: string[];
}

function addDocument(grants: Grants, context: TemplateContext, owner: TemplateResource, path: (string | number)[], origin: string): void {
  grants.evidence.push(owner.evidence(path));
  const statements = statementsOf(context, owner.get(path) ?? null, origin);
  if (statements instanceof Unresolved) grants.gaps.push(`${owner.logicalId}: ${statements.reason}`);
  else grants.statements.push(...statements.map(withExpandedActions));
}

function inlinePolicies(grants: Grants, context: TemplateContext, role: TemplateResource): void {
  const policies = role.get(['Policies']);
  if (policies === undefined || policies === null) return;
  if (!isResolvedArray(policies)) {
    grants.gaps.push(`${role.logicalId} Policies: ${policies instanceof Unresolved ? policies.reason : 'not a list'}`);
    grants.evidence.push(role.evidence(['Policies']));
    return;
  }
  policies.forEach((_p, i) => {
    const name = role.get(['Policies', i, 'PolicyName']);
    addDocument(grants, context, role, ['Policies', i, 'PolicyDocument'], `inline:${typeof name === 'string' ? name : `Policies[${i}]`}`);
  });
}

/** AWS::IAM::Policy (Roles: [...]) and AWS::IAM::RolePolicy (RoleName) attach inline policies to the role. */
function separatePolicies(grants: Grants, context: TemplateContext, role: TemplateResource): void {
  for (const policy of context.ofType(POLICY)) {
    const attaches = rolesInclude(context, policy, role);
    const name = policy.nameFrom('PolicyName');
    if (attaches instanceof Unresolved) {
      grants.gaps.push(`${POLICY} ${policy.logicalId} may attach to this role: ${attaches.reason}`);
      grants.evidence.push(policy.evidence(['Roles']));
    } else if (attaches) addDocument(grants, context, policy, ['PolicyDocument'], `inline:${name}`);
  }
  for (const policy of context.ofType(ROLE_POLICY)) {
    const attaches = namesRole(context, policy.get(['RoleName']) ?? null, role);
    if (attaches instanceof Unresolved) {
      grants.gaps.push(`${ROLE_POLICY} ${policy.logicalId} may attach to this role: ${attaches.reason}`);
      grants.evidence.push(policy.evidence(['RoleName']));
    } else if (attaches) addDocument(grants, context, policy, ['PolicyDocument'], `inline:${policy.nameFrom('PolicyName')}`);
  }
}

function attachTemplatePolicy(grants: Grants, context: TemplateContext, policy: TemplateResource): void {
  if (grants.attached.some((a) => a.id === policy.modelId)) return;
  const name = policy.nameFrom('ManagedPolicyName');
  grants.attached.push({ id: policy.modelId, name, providerManaged: false });
  addDocument(grants, context, policy, ['PolicyDocument'], `managed:${name}`);
}

/** ManagedPolicyArns on the role, and AWS::IAM::ManagedPolicy resources whose Roles list the role. */
function managedPolicies(grants: Grants, context: TemplateContext, role: TemplateResource): void {
  const arns = role.get(['ManagedPolicyArns']);
  if (arns !== undefined && arns !== null) {
    grants.evidence.push(role.evidence(['ManagedPolicyArns']));
    const entries = isResolvedArray(arns) ? arns : [arns];
    for (const entry of entries) {
      const templatePolicy = context.referenced(entry, MANAGED_POLICY);
      if (templatePolicy) {
        attachTemplatePolicy(grants, context, templatePolicy);
        continue;
      }
      const arn = referenceId(context, entry);
      if (arn instanceof Unresolved) {
        grants.gaps.push(`${role.logicalId} ManagedPolicyArns: ${arn.reason}`);
        grants.attachedGaps.push(`${role.logicalId} ManagedPolicyArns: ${arn.reason}`);
        continue;
      }
      const providerManaged = isProviderManagedPolicyArn(arn);
      grants.attached.push({ id: arn, name: arn.slice(arn.lastIndexOf('/') + 1), providerManaged });
      grants.gaps.push(
        providerManaged
          ? `the document of AWS managed policy ${arn} is not in the template (it is judged by ARN; \`inferguard audit\` reads what it grants)`
          : `managed policy ${arn} is defined outside this template, so what it grants is not known`,
      );
    }
  }
  for (const policy of context.ofType(MANAGED_POLICY)) {
    const attaches = rolesInclude(context, policy, role);
    if (attaches === true) attachTemplatePolicy(grants, context, policy);
    else if (attaches instanceof Unresolved) {
      grants.gaps.push(`${MANAGED_POLICY} ${policy.logicalId} may attach to this role: ${attaches.reason}`);
      grants.attachedGaps.push(`${MANAGED_POLICY} ${policy.logicalId} may attach to this role: ${attaches.reason}`);
    }
  }
}

/** The service principal SageMaker assumes execution roles as (any partition's DNS suffix). */
const INFERENCE_SERVICE_PRINCIPAL = /^sagemaker\.amazonaws\.com(\.cn)?$/;

const mayAssumeRole = (s: PolicyStatement) =>
  s.notActions !== undefined || s.actions.some((a) => ['*', 'sts:*', 'sts:assumerole'].includes(a.toLowerCase()));

/** Whether the role's trust policy lets SageMaker assume it (any principal, or the SageMaker service principal). */
function inferenceServiceMayAssume(context: TemplateContext, role: TemplateResource): Fact<boolean> {
  const path = ['AssumeRolePolicyDocument'];
  const document = role.get(path);
  if (document === undefined || document === null) return unknown(`${ROLE} ${role.logicalId} has no AssumeRolePolicyDocument`, role.evidence(path));
  const statements = statementsOf(context, document, `trust-policy:${role.logicalId}`);
  if (statements instanceof Unresolved) return unknown(`${ROLE} ${role.logicalId} AssumeRolePolicyDocument: ${statements.reason}`, role.evidence(path));
  const allows = statements.some(
    (s) => s.effect === 'Allow' && mayAssumeRole(s) && (s.notPrincipals !== undefined || s.principals.some((p) => p === '*' || INFERENCE_SERVICE_PRINCIPAL.test(p))),
  );
  return known(allows, role.evidence(path));
}

/**
 * A model's (or endpoint config's) execution role that the template names with a value it cannot
 * resolve (a parameter, another stack's export): an identity whose grants are unknown, so that it
 * is judged (unknown) rather than silently absent.
 */
function unresolvedExecutionRoles(context: TemplateContext): Identity[] {
  const owners = [...context.ofType('AWS::SageMaker::Model'), ...context.ofType('AWS::SageMaker::EndpointConfig')];
  return owners.flatMap((owner) => {
    const value = owner.get(['ExecutionRoleArn']);
    if (!(value instanceof Unresolved)) return [];
    const ev = owner.evidence(['ExecutionRoleArn']);
    const why = unknown(`the execution role of ${owner.type} ${owner.logicalId} is not known from the template: ${value.reason}`, ev);
    return [
      {
        kind: 'identity' as const,
        id: `${owner.modelId}/ExecutionRoleArn`,
        name: `execution role of ${owner.logicalId}`,
        provider: 'aws' as const,
        account: context.account,
        statements: why,
        attachedPolicies: why,
      },
    ];
  });
}

export function identitiesFromTemplate(context: TemplateContext): Identity[] {
  return [...context.ofType(ROLE).map((role) => roleIdentity(context, role)), ...unresolvedExecutionRoles(context)];
}

function roleIdentity(context: TemplateContext, role: TemplateResource): Identity {
  const grants: Grants = { statements: [], attached: [], evidence: [], gaps: [], attachedGaps: [] };
  inlinePolicies(grants, context, role);
  separatePolicies(grants, context, role);
  managedPolicies(grants, context, role);
  const attachedEvidence = role.evidenceWith(['ManagedPolicyArns'], grants.attached.map((a) => a.id));
  return {
    kind: 'identity',
    id: role.modelId,
    name: role.nameFrom('RoleName'),
    provider: 'aws',
    account: context.account,
    // Statements that could be read stay known beside those that could not: an over-broad one is still judged.
    statements: listFact(grants.statements, grants.gaps, ...grants.evidence),
    attachedPolicies: grants.attachedGaps.length > 0 ? unknown(grants.attachedGaps.join('; '), attachedEvidence) : known(grants.attached, attachedEvidence),
    inferenceServiceMayAssume: inferenceServiceMayAssume(context, role),
  };
}
