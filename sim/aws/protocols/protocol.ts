// What a wire protocol must provide so a service can be served over it.
import type { AwsApiError } from '../errors';
import type { SimRequest, SimResponse } from '../http';
import type { ValidationFailure } from '../validation';
import type { ErrorFault } from '../../core/router';

export type { ErrorFault } from '../../core/router';

/** Who is calling, for messages such as `User: arn:... is not authorized to perform: ...`. */
export interface FaultContext {
  readonly callerArn: string;
  readonly action: string;
}

export interface Protocol<Input, Output> {
  /** The operation the request names, or `undefined` when it names none. */
  operation(request: SimRequest): string | undefined;
  input(request: SimRequest): Input;
  success(operation: string, output: Output, requestId: string): SimResponse;
  failure(error: AwsApiError, requestId: string): SimResponse;
  unknownOperation(operation: string | undefined): AwsApiError;
  faultError(fault: ErrorFault, context: FaultContext): AwsApiError;
  /** The error for a request signed with an access key the service does not know. */
  unrecognizedClient(): AwsApiError;
  /** How this protocol reports an invalid or missing parameter. */
  readonly validationFailure: ValidationFailure;
}

/** The error each protocol answers a fault with, as data. */
export type FaultErrors = Readonly<Record<ErrorFault, (context: FaultContext) => AwsApiError>>;
