// AWS Organizations (JSON 1.1, target prefix `AWSOrganizationsV20161128`, signing name `organizations`),
// read-only: the organization, its root, OUs and accounts. Any account of the organization may describe
// it; only the management account may list (members get AccessDeniedException); an account outside any
// organization gets AWSOrganizationsNotInUseException. Lists page at most 20 items (MaxResults 1..20,
// 20 when absent) behind opaque NextTokens.
import { z } from 'zod';
import type { Account } from '@aws-sdk/client-organizations';
import { AwsApiError } from '../errors';
import type { OrganizationState } from '../estate';
import { paginate } from '../pagination';
import { jsonProtocol, type JsonOutput } from '../protocols/json';
import type { ValidationProblem } from '../validation';
import { defineService, type CallContext, type Operation } from './service';

const PAGE_LIMIT = 20;
const PARENT_ID = /^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

const pageInput = {
  NextToken: z.string().max(100_000).optional(),
  MaxResults: z.number().int().min(1).max(PAGE_LIMIT).optional(),
};
const listInput = z.object(pageInput);
const parentInput = z.object({ ParentId: z.string().max(100).regex(PARENT_ID), ...pageInput });
const childrenInput = z.object({ ParentId: z.string().max(100).regex(PARENT_ID), ChildType: z.enum(['ACCOUNT', 'ORGANIZATIONAL_UNIT']), ...pageInput });
const describeAccountInput = z.object({ AccountId: z.string().max(12).regex(/^\d{12}$/) });

/** Organizations names the broken rule in `Reason`. */
function reasonOf(problem: ValidationProblem): string {
  if (problem.missing) return 'INPUT_REQUIRED';
  const rules: readonly [RegExp, string][] = [
    [/value greater than or equal/, 'MIN_VALUE_EXCEEDED'],
    [/value less than or equal/, 'MAX_VALUE_EXCEEDED'],
    [/length greater than or equal/, 'MIN_LENGTH_EXCEEDED'],
    [/length less than or equal/, 'MAX_LENGTH_EXCEEDED'],
    [/enum value set/, 'INVALID_ENUM'],
  ];
  return rules.find(([pattern]) => pattern.test(problem.constraint))?.[1] ?? 'INVALID_PATTERN';
}

function invalidInput(reason: string, message: string): AwsApiError {
  return new AwsApiError('InvalidInputException', message, 400, { Reason: reason });
}

function organizationsValidationFailure(problems: readonly ValidationProblem[]): AwsApiError {
  const [first] = problems;
  const member = first.path.join('.');
  return invalidInput(reasonOf(first), `You provided a value for ${member} that does not satisfy its constraint: ${first.constraint}.`);
}

const invalidToken = () => invalidInput('INVALID_NEXT_TOKEN', 'The specified NextToken is invalid: pass the NextToken of the previous page of the same request.');

/** The caller's organization; AWSOrganizationsNotInUseException when its account is in none. */
function organizationOf(ctx: CallContext): OrganizationState {
  const organization = ctx.estate.organization;
  if (organization === undefined || !organization.accounts.has(ctx.account)) {
    throw new AwsApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  return organization;
}

/** Listing is the management account's (delegated administrators are not simulated). */
function managedOrganization(ctx: CallContext): OrganizationState {
  const organization = organizationOf(ctx);
  if (ctx.account !== organization.managementAccount) {
    throw new AwsApiError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  return organization;
}

function requireParent(organization: OrganizationState, parentId: string): void {
  if (parentId !== organization.root.Id && !organization.organizationalUnits.has(parentId)) {
    throw new AwsApiError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
  }
}

function accountsUnder(organization: OrganizationState, parentId: string): Account[] {
  return [...organization.accounts.values()].filter((a) => a.parentId === parentId).map((a) => a.account);
}

function unitsUnder(organization: OrganizationState, parentId: string) {
  return [...organization.organizationalUnits.values()].filter((u) => u.parentId === parentId).map((u) => u.unit);
}

const describeOrganization: Operation<unknown, JsonOutput> = (_raw, ctx) => {
  const organization = organizationOf(ctx);
  const management = organization.managementAccount;
  return {
    Organization: {
      Id: organization.id,
      Arn: organization.arn,
      FeatureSet: organization.featureSet,
      MasterAccountArn: organization.accounts.get(management)?.account.Arn,
      MasterAccountId: management,
      MasterAccountEmail: organization.managementEmail,
      AvailablePolicyTypes: [],
    },
  };
};

const describeAccount: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(describeAccountInput, raw);
  const organization = managedOrganization(ctx);
  const found = organization.accounts.get(input.AccountId);
  if (found === undefined) throw new AwsApiError('AccountNotFoundException', "You specified an account that doesn't exist.");
  return { Account: found.account };
};

const listRoots: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(listInput, raw);
  const organization = managedOrganization(ctx);
  const page = paginate([organization.root], { listing: 'ListRoots', token: input.NextToken, pageSize: input.MaxResults ?? PAGE_LIMIT, invalidToken });
  return { Roots: page.items, NextToken: page.nextToken };
};

const listAccounts: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(listInput, raw);
  const organization = managedOrganization(ctx);
  const accounts = [...organization.accounts.values()].map((a) => a.account);
  const page = paginate(accounts, { listing: 'ListAccounts', token: input.NextToken, pageSize: input.MaxResults ?? PAGE_LIMIT, invalidToken });
  return { Accounts: page.items, NextToken: page.nextToken };
};

const listAccountsForParent: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(parentInput, raw);
  const organization = managedOrganization(ctx);
  requireParent(organization, input.ParentId);
  const page = paginate(accountsUnder(organization, input.ParentId), { listing: `ListAccountsForParent:${input.ParentId}`, token: input.NextToken, pageSize: input.MaxResults ?? PAGE_LIMIT, invalidToken });
  return { Accounts: page.items, NextToken: page.nextToken };
};

const listOrganizationalUnitsForParent: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(parentInput, raw);
  const organization = managedOrganization(ctx);
  requireParent(organization, input.ParentId);
  const page = paginate(unitsUnder(organization, input.ParentId), { listing: `ListOrganizationalUnitsForParent:${input.ParentId}`, token: input.NextToken, pageSize: input.MaxResults ?? PAGE_LIMIT, invalidToken });
  return { OrganizationalUnits: page.items, NextToken: page.nextToken };
};

const listChildren: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(childrenInput, raw);
  const organization = managedOrganization(ctx);
  requireParent(organization, input.ParentId);
  const ids = input.ChildType === 'ACCOUNT' ? accountsUnder(organization, input.ParentId).map((a) => a.Id) : unitsUnder(organization, input.ParentId).map((u) => u.Id);
  const children = ids.map((Id) => ({ Id, Type: input.ChildType }));
  const page = paginate(children, { listing: `ListChildren:${input.ParentId}:${input.ChildType}`, token: input.NextToken, pageSize: input.MaxResults ?? PAGE_LIMIT, invalidToken });
  return { Children: page.items, NextToken: page.nextToken };
};

export const organizationsService = defineService({
  signingName: 'organizations',
  actionPrefix: 'organizations',
  protocol: jsonProtocol({
    targetPrefix: 'AWSOrganizationsV20161128',
    messageKey: 'Message',
    faults: {
      Throttling: () =>
        new AwsApiError('TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress or you have exceeded a rate limit. Try again later.'),
    },
    validationFailure: organizationsValidationFailure,
  }),
  operations: {
    DescribeOrganization: describeOrganization,
    DescribeAccount: describeAccount,
    ListRoots: listRoots,
    ListAccounts: listAccounts,
    ListAccountsForParent: listAccountsForParent,
    ListOrganizationalUnitsForParent: listOrganizationalUnitsForParent,
    ListChildren: listChildren,
  },
});
