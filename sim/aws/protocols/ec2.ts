// The EC2 Query protocol: form-encoded POST (`Filter.1.Name`, `GroupId.1`), XML responses whose members
// carry EC2's own element names (`vpcEndpointSet`, `ipPermissions`) with lists of `<item>` and a
// leading `<requestId>`; errors as `<Response><Errors><Error><Code>..`.
import { AwsApiError } from '../errors';
import type { SimResponse } from '../http';
import type { ValidationProblem } from '../validation';
import { element, escapeXml, membersToXml, type XmlNaming } from '../xml';
import { formRequest } from './form';
import type { FaultErrors, Protocol } from './protocol';

const NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const CONTENT_TYPE = 'text/xml;charset=UTF-8';

/** Members whose EC2 element name is not the member name with a lower-case first letter (from the EC2 API model). */
const ELEMENT_NAMES: Readonly<Record<string, string>> = {
  VpcEndpoints: 'vpcEndpointSet',
  RouteTableIds: 'routeTableIdSet',
  SubnetIds: 'subnetIdSet',
  Groups: 'groupSet',
  DnsEntries: 'dnsEntrySet',
  NetworkInterfaceIds: 'networkInterfaceIdSet',
  Tags: 'tagSet',
  Ipv4Prefixes: 'ipv4PrefixSet',
  Ipv6Prefixes: 'ipv6PrefixSet',
  IpPrefixes: 'ipPrefixSet',
  PrivateDnsSpecifiedDomains: 'privateDnsSpecifiedDomainSet',
  SecurityGroups: 'securityGroupInfo',
  UserIdGroupPairs: 'groups',
  SecurityGroupRules: 'securityGroupRuleSet',
  Return: 'return',
};

export const ec2Naming: XmlNaming = {
  member: (name) => ELEMENT_NAMES[name] ?? name.charAt(0).toLowerCase() + name.slice(1),
  listItem: () => 'item',
  timestamp: (date) => date.toISOString(),
};

export type Ec2Output = object;

const ec2Faults: FaultErrors = {
  AccessDenied: () => new AwsApiError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403),
  Throttling: () => new AwsApiError('RequestLimitExceeded', 'Request limit exceeded.', 503),
  InternalError: () => new AwsApiError('InternalError', 'An internal error has occurred', 500),
};

function ec2ValidationFailure(problems: readonly ValidationProblem[]): AwsApiError {
  const [first] = problems;
  const name = first.path.filter((p): p is string => typeof p === 'string').join('.');
  if (first.missing) return new AwsApiError('MissingParameter', `The request must contain the parameter ${name}`);
  return new AwsApiError('InvalidParameterValue', `Value (${String(first.value)}) for parameter ${name} is invalid. ${first.constraint}`);
}

export function ec2Protocol(): Protocol<Record<string, unknown>, Ec2Output> {
  return {
    ...formRequest,
    success(operation, output, requestId): SimResponse {
      const body = element(`${operation}Response`, element('requestId', requestId) + membersToXml(output, ec2Naming), { xmlns: NAMESPACE });
      return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body };
    },
    failure(error, requestId): SimResponse {
      const inner = element('Code', escapeXml(error.code)) + element('Message', escapeXml(error.message));
      const body = element('Response', element('Errors', element('Error', inner)) + element('RequestID', requestId));
      return { status: error.status, headers: { 'content-type': CONTENT_TYPE, ...error.headers }, body };
    },
    unknownOperation(operation) {
      return operation === undefined
        ? new AwsApiError('MissingAction', 'The request must contain the parameter Action')
        : new AwsApiError('InvalidAction', `The action ${operation} is not valid for this web service.`);
    },
    faultError(fault, context) {
      return ec2Faults[fault](context);
    },
    unrecognizedClient: () => new AwsApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401),
    validationFailure: ec2ValidationFailure,
  };
}
