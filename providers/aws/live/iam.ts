// IAM roles: inline policies (ListRolePolicies + GetRolePolicy) and attached managed policies
// (ListAttachedRolePolicies; GetPolicy + GetPolicyVersion once per policy across all roles).
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type AttachedPolicy,
} from '@aws-sdk/client-iam';
import { evidence, known, listFact, unknown, type Evidence, type Identity, type PolicyStatement } from '../../../policies/model';
import { withExpandedActions } from '../iam-actions';
import { iamRoleNameFromArn, isProviderManagedPolicyArn, parseArn, parsePolicyDocument, PolicyDocumentError } from '../platform';
import { Once, type AuditContext, type CallSite, type Read } from './context';
import { shaped } from './shapes';

type Statements = { readonly statements: PolicyStatement[]; readonly evidence: Evidence[] };

export class RoleReader {
  private readonly roles = new Once<Identity>();
  private readonly managedPolicies = new Once<Read<Statements>>();

  /** `iamRegion` picks the partition's global IAM endpoint. */
  constructor(
    private readonly ctx: AuditContext,
    private readonly iamRegion: string,
  ) {}

  read(roleArn: string): Promise<Identity> {
    return this.roles.get(roleArn, () => this.load(roleArn));
  }

  resources(): Promise<Identity[]> {
    return this.roles.all();
  }

  private async load(roleArn: string): Promise<Identity> {
    this.ctx.expect('shared', 1);
    const roleName = iamRoleNameFromArn(roleArn);
    const account = parseArn(roleArn)?.account;
    const base = { kind: 'identity' as const, id: roleArn, name: roleName ?? roleArn, provider: 'aws' as const, ...(account ? { account } : {}) };
    if (!roleName) {
      this.ctx.advance('shared');
      const why = unknown(`${roleArn} is not an IAM role ARN`, evidence('sagemaker:DescribeModel', 'ExecutionRoleArn', roleArn));
      return { ...base, statements: why, attachedPolicies: why };
    }
    const [inline, attached] = await Promise.all([this.inlineStatements(roleArn, roleName), this.attachedPolicies(roleArn, roleName)]);
    const managed = attached.status === 'ok' ? await Promise.all(attached.value.map((p) => this.managedStatements(p))) : [];
    this.ctx.advance('shared');

    const attachedEvidence = evidence('iam:ListAttachedRolePolicies', 'AttachedPolicies', attached.status === 'ok' ? attached.value : null);
    const attachedPolicies =
      attached.status === 'ok'
        ? known(
            attached.value.map((p) => ({ id: p.PolicyArn ?? '', name: p.PolicyName ?? p.PolicyArn ?? '', providerManaged: isProviderManagedPolicyArn(p.PolicyArn ?? '') })),
            attachedEvidence,
          )
        : unknown(attached.status === 'failed' ? attached.reason : 'no attached policies listed', attachedEvidence);

    // A statement we could not read might be the over-broad one: any failure makes the set unknown,
    // while the statements that were read stay visible (a known over-broad one is still judged).
    const failures = [inline, attached, ...managed].flatMap((r) => (r.status === 'failed' ? [r.reason] : []));
    const parts = [inline, ...managed].flatMap((r) => (r.status === 'ok' ? [r.value] : []));
    const statements = listFact(
      parts.flatMap((p) => p.statements),
      failures,
      ...parts.flatMap((p) => p.evidence),
    );
    return { ...base, statements, attachedPolicies };
  }

  private async inlineStatements(roleArn: string, roleName: string): Promise<Read<Statements>> {
    const listing = await this.ctx.callPages({ service: 'iam', operation: 'ListRolePolicies', resourceId: roleArn }, async (marker) => {
      const page = shaped('iam:ListRolePolicies', await this.ctx.iam(this.iamRegion).send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker })));
      const items: string[] = page.PolicyNames;
      return { items, next: page.IsTruncated ? page.Marker : undefined };
    });
    if (listing.status !== 'ok') return listing;
    const names = listing.value;

    const documents = await Promise.all(
      names.map(async (policyName): Promise<Read<Statements>> => {
        const site: CallSite = { service: 'iam', operation: 'GetRolePolicy', resourceId: `${roleArn}/${policyName}` };
        const read = await this.ctx.call(site, async () =>
          shaped('iam:GetRolePolicy', await this.ctx.iam(this.iamRegion).send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))),
        );
        if (read.status !== 'ok') return read;
        return this.parse(site, read.value.PolicyDocument, `inline:${policyName}`, 'iam:GetRolePolicy', 'PolicyDocument');
      }),
    );
    const failed = documents.find((d) => d.status !== 'ok');
    if (failed) return failed;
    const ok = documents.flatMap((d) => (d.status === 'ok' ? [d.value] : []));
    return {
      status: 'ok',
      value: {
        statements: ok.flatMap((d) => d.statements),
        evidence: [evidence('iam:ListRolePolicies', 'PolicyNames', names), ...ok.flatMap((d) => d.evidence)],
      },
    };
  }

  private attachedPolicies(roleArn: string, roleName: string): Promise<Read<AttachedPolicy[]>> {
    return this.ctx.callPages({ service: 'iam', operation: 'ListAttachedRolePolicies', resourceId: roleArn }, async (marker) => {
      const page = shaped('iam:ListAttachedRolePolicies', await this.ctx.iam(this.iamRegion).send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker })));
      const items: AttachedPolicy[] = page.AttachedPolicies;
      return { items, next: page.IsTruncated ? page.Marker : undefined };
    });
  }

  private managedStatements(policy: AttachedPolicy): Promise<Read<Statements>> {
    const policyArn = policy.PolicyArn ?? '';
    return this.managedPolicies.get(policyArn, async () => {
      const iam = this.ctx.iam(this.iamRegion);
      const described = await this.ctx.call({ service: 'iam', operation: 'GetPolicy', resourceId: policyArn }, async () =>
        shaped('iam:GetPolicy', await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))),
      );
      if (described.status !== 'ok') return described;
      const versionId = described.value.Policy.DefaultVersionId;
      const versionSite: CallSite = { service: 'iam', operation: 'GetPolicyVersion', resourceId: policyArn };
      const version = await this.ctx.call(versionSite, async () => shaped('iam:GetPolicyVersion', await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }))));
      if (version.status !== 'ok') return version;
      return this.parse(versionSite, version.value.PolicyVersion?.Document, `managed:${policy.PolicyName ?? policyArn}`, 'iam:GetPolicyVersion', `PolicyVersion(${versionId}).Document`);
    });
  }

  private parse(site: CallSite, document: string | undefined, origin: string, source: string, path: string): Read<Statements> {
    if (typeof document !== 'string') return this.ctx.fail(site, 'MalformedResponse', `${site.operation} returned no policy document`);
    try {
      return { status: 'ok', value: { statements: parsePolicyDocument(document, origin).map(withExpandedActions), evidence: [evidence(source, `${path} (${origin})`, document)] } };
    } catch (error) {
      if (!(error instanceof PolicyDocumentError)) throw error;
      return this.ctx.fail(site, 'MalformedPolicyDocument', error.message);
    }
  }
}
