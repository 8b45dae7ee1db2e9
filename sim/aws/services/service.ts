// A service is a protocol plus a table of operations; `defineService` erases the protocol's
// input and output types so the server can hold every service in one map.
import type { z } from 'zod';
import { AwsApiError } from '../errors';
import type { SimRequest, SimResponse } from '../http';
import type { ErrorFault, Protocol } from '../protocols/protocol';
import type { AwsEstate, Caller } from '../estate';
import type { AwsStore, RegionState } from '../store';
import { validate } from '../validation';

export interface CallContext {
  /** The store of the account the call is served from: the caller's. */
  readonly store: AwsStore;
  readonly account: string;
  /** Who signed the call (GetCallerIdentity, AccessDenied messages). */
  readonly caller: Caller;
  /** Every account the simulator serves (STS AssumeRole, Organizations). */
  readonly estate: AwsEstate;
  /** The region the request was signed for. */
  readonly region: string;
  readonly requestId: string;
  readonly now: Date;
  /** Checks an input against a schema, failing the way this service reports invalid parameters. */
  validate<T>(schema: z.ZodType<T>, input: unknown): T;
  /** The signed region's state. */
  regional(): RegionState;
  /** S3 answers a bucket request signed for another region than the bucket's with a 301 redirect. */
  readonly strictS3Regions: boolean;
}

export type Operation<Input, Output> = (input: Input, context: CallContext) => Output;

export interface ServiceDefinition<Input, Output> {
  /** The SigV4 signing name in the credential scope: `sagemaker`, `kms`, `iam`, `ec2`, `s3`, `ecr`, `sts`. */
  readonly signingName: string;
  /** Prefix of the IAM actions this service's operations are authorized as, e.g. `sagemaker`, `kms`. */
  readonly actionPrefix: string;
  readonly protocol: Protocol<Input, Output>;
  readonly operations: Readonly<Record<string, Operation<Input, Output>>>;
}

export interface ContextBase {
  readonly estate: AwsEstate;
  readonly caller: Caller;
  readonly region: string;
  readonly requestId: string;
  readonly strictS3Regions: boolean;
}

export interface SimService {
  readonly signingName: string;
  readonly operationNames: readonly string[];
  /** The operation a request names (possibly one this service does not have), or `undefined`. */
  identify(request: SimRequest): string | undefined;
  hasOperation(operation: string): boolean;
  /** Runs an operation; AWS errors it raises become the protocol's error response. */
  invoke(operation: string, request: SimRequest, base: ContextBase): SimResponse;
  unknownOperation(operation: string | undefined, requestId: string): SimResponse;
  fault(fault: ErrorFault, operation: string, base: ContextBase): SimResponse;
  /** Renders any AWS error in this service's wire shape. */
  error(error: AwsApiError, requestId: string): SimResponse;
  /** This service's answer to a temporary access key STS never issued. */
  unrecognizedClient(requestId: string): SimResponse;
}

const READ_PREFIXES = ['Describe', 'List', 'Get', 'Head'];

export function defineService<Input, Output>(definition: ServiceDefinition<Input, Output>): SimService {
  const { protocol, operations } = definition;
  const context = (base: ContextBase): CallContext => ({
    store: base.caller.store,
    account: base.caller.account,
    caller: base.caller,
    estate: base.estate,
    region: base.region,
    requestId: base.requestId,
    now: new Date(),
    validate: (schema, input) => validate(schema, input, protocol.validationFailure),
    regional: () => base.caller.store.region(base.region),
    strictS3Regions: base.strictS3Regions,
  });
  const render = (error: unknown, requestId: string): SimResponse => {
    if (error instanceof AwsApiError) return protocol.failure(error, requestId);
    const message = error instanceof Error ? error.message : String(error);
    return protocol.failure(new AwsApiError('InternalFailure', `The simulator failed: ${message}`, 500), requestId);
  };
  return {
    signingName: definition.signingName,
    operationNames: Object.keys(operations),
    identify: (request) => protocol.operation(request),
    hasOperation: (operation) => Object.hasOwn(operations, operation),
    invoke(operation, request, base) {
      try {
        const output = operations[operation](protocol.input(request), context(base));
        if (!READ_PREFIXES.some((p) => operation.startsWith(p))) base.caller.store.touch();
        return protocol.success(operation, output, base.requestId);
      } catch (error) {
        return render(error, base.requestId);
      }
    },
    unknownOperation: (operation, requestId) => protocol.failure(protocol.unknownOperation(operation), requestId),
    fault(fault, operation, base) {
      const action = `${definition.actionPrefix}:${operation}`;
      return protocol.failure(protocol.faultError(fault, { callerArn: base.caller.arn, action }), base.requestId);
    },
    error: (error, requestId) => render(error, requestId),
    unrecognizedClient: (requestId) => protocol.failure(protocol.unrecognizedClient(), requestId),
  };
}
