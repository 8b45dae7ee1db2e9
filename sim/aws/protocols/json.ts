// AWS JSON 1.1 (SageMaker, KMS, ECR): POST / with `X-Amz-Target: <Prefix>.<Operation>`,
// JSON bodies, timestamps as epoch seconds, errors as `{"__type": ..., "message": ...}` plus `x-amzn-ErrorType`.
import { isDate } from '../dates';
import { AwsApiError } from '../errors';
import { bodyText, header, type SimRequest, type SimResponse } from '../http';
import { awsValidationMessage, type ValidationFailure } from '../validation';
import type { FaultErrors, Protocol } from './protocol';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface JsonProtocolOptions {
  /** The `X-Amz-Target` prefix, e.g. `SageMaker`, `TrentService`. */
  readonly targetPrefix: string;
  /** SageMaker's errors carry `Message`; KMS and ECR carry `message`. */
  readonly messageKey: 'message' | 'Message';
  /** Errors this service raises instead of the JSON defaults, e.g. Organizations' TooManyRequestsException for throttling. */
  readonly faults?: Partial<FaultErrors>;
  /** How the service reports an invalid parameter; ValidationException when absent (Organizations says InvalidInputException). */
  readonly validationFailure?: ValidationFailure;
}

export type JsonOutput = object | undefined;

/** Dates become epoch seconds (with milliseconds as the fraction), as AWS JSON protocols send them. */
export function toJsonWire(value: unknown): unknown {
  if (isDate(value)) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJsonWire);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonWire(v);
    return out;
  }
  return value;
}

const jsonFaults: FaultErrors = {
  AccessDenied: ({ callerArn, action }) =>
    new AwsApiError(
      'AccessDeniedException',
      `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    ),
  Throttling: () => new AwsApiError('ThrottlingException', 'Rate exceeded'),
  InternalError: () => new AwsApiError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
};

export function jsonProtocol(options: JsonProtocolOptions): Protocol<unknown, JsonOutput> {
  const prefix = `${options.targetPrefix}.`;
  const render = (status: number, body: string, extra: Record<string, string>, requestId: string): SimResponse => ({
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId, ...extra },
    body,
  });
  return {
    operation(request: SimRequest) {
      const target = header(request, 'x-amz-target');
      return target?.startsWith(prefix) ? target.slice(prefix.length) : undefined;
    },
    input(request: SimRequest) {
      const text = bodyText(request).trim();
      if (text === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AwsApiError('SerializationException', 'Start of structure or map found where not expected: the request body is not valid JSON.');
      }
    },
    success(_operation, output, requestId) {
      return render(200, output === undefined ? '' : JSON.stringify(toJsonWire(output)), {}, requestId);
    },
    failure(error, requestId) {
      const body = JSON.stringify({ __type: error.code, [options.messageKey]: error.message, ...error.details });
      return render(error.status, body, { 'x-amzn-errortype': error.code, ...error.headers }, requestId);
    },
    unknownOperation(operation) {
      return new AwsApiError('UnknownOperationException', operation === undefined ? 'Missing or unrecognized X-Amz-Target header.' : `Unknown operation ${operation}`);
    },
    faultError(fault, context) {
      return (options.faults?.[fault] ?? jsonFaults[fault])(context);
    },
    unrecognizedClient: () => new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
    validationFailure: options.validationFailure ?? ((problems) => new AwsApiError('ValidationException', awsValidationMessage(problems))),
  };
}
