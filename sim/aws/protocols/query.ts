// AWS Query (IAM, STS): form-encoded POST with `Action` and `Version`; XML responses
// `<OpResponse><OpResult>..</OpResult><ResponseMetadata>..</ResponseMetadata></OpResponse>`, lists as `<member>`,
// errors as `<ErrorResponse><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error><RequestId>..`.
import { AwsApiError } from '../errors';
import type { SimResponse } from '../http';
import { awsValidationMessage } from '../validation';
import { element, escapeXml, membersToXml, type XmlNaming } from '../xml';
import { formRequest } from './form';
import type { FaultErrors, Protocol } from './protocol';

export interface QueryProtocolOptions {
  /** The XML namespace, e.g. `https://iam.amazonaws.com/doc/2010-05-08/`. */
  readonly namespace: string;
  readonly version: string;
}

export type QueryOutput = object | undefined;

/** Second-precision ISO 8601, as IAM and STS write timestamps. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const queryNaming: XmlNaming = { member: (name) => name, listItem: () => 'member', timestamp: isoSeconds };

const queryFaults: FaultErrors = {
  AccessDenied: ({ callerArn, action }) =>
    new AwsApiError('AccessDenied', `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`, 403),
  Throttling: () => new AwsApiError('Throttling', 'Rate exceeded', 400),
  InternalError: () => new AwsApiError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
};

const CONTENT_TYPE = 'text/xml';

export function queryProtocol(options: QueryProtocolOptions): Protocol<Record<string, unknown>, QueryOutput> {
  return {
    ...formRequest,
    success(operation, output, requestId): SimResponse {
      const result = output === undefined ? '' : element(`${operation}Result`, membersToXml(output, queryNaming));
      const metadata = element('ResponseMetadata', element('RequestId', requestId));
      const body = element(`${operation}Response`, result + metadata, { xmlns: options.namespace });
      return { status: 200, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId }, body };
    },
    failure(error, requestId): SimResponse {
      const inner =
        element('Type', error.faultType) + element('Code', escapeXml(error.code)) + element('Message', escapeXml(error.message));
      const body = element('ErrorResponse', element('Error', inner) + element('RequestId', requestId), { xmlns: options.namespace });
      return { status: error.status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId, ...error.headers }, body };
    },
    unknownOperation(operation) {
      return operation === undefined
        ? new AwsApiError('MissingAction', 'The request must contain the parameter Action.')
        : new AwsApiError('InvalidAction', `Could not find operation ${operation} for version ${options.version}`);
    },
    faultError(fault, context) {
      return queryFaults[fault](context);
    },
    unrecognizedClient: () => new AwsApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
    validationFailure: (problems) => new AwsApiError('ValidationError', awsValidationMessage(problems)),
  };
}
