// AWS on the shared simulator server: a request names its service and region in the SigV4 credential
// scope (signatures are not checked) and its operation in the service's protocol.
import type { RoutedCall, Routing, SimRouter } from '../core/router';
import { credentialScope, type SimRequest, type SimResponse } from './http';
import { services } from './services/index';
import { AwsEstate } from './estate';
import type { ContextBase } from './services/service';
import { AwsStore } from './store';
import { element, escapeXml } from './xml';

export interface AwsRouterOptions {
  /** S3 answers bucket requests signed for another region than the bucket's with 301 and `x-amz-bucket-region`. */
  readonly strictS3Regions: boolean;
  /** Told the access key each recognised call was signed with (tests check whose credentials a client used). */
  readonly onSignedCall?: (call: { readonly accessKeyId: string; readonly service: string; readonly operation: string }) => void;
}

/** Every AWS service and its operations, for checking fault rules. */
export const awsFaultCatalog: ReadonlyMap<string, readonly string[]> = new Map([...services.values()].map((service) => [service.signingName, service.operationNames]));

function unsignedResponse(requestId: string): SimResponse {
  const error = element('Type', 'Sender') + element('Code', 'MissingAuthenticationToken') + element('Message', 'Request is missing Authentication Token: sign it with SigV4 (any access key works; the signature is not checked).');
  return { status: 403, headers: { 'content-type': 'text/xml' }, body: element('ErrorResponse', element('Error', error) + element('RequestId', requestId)) };
}

function unknownServiceResponse(service: string, requestId: string): SimResponse {
  const message = `The simulator does not serve "${escapeXml(service)}". It serves: ${[...services.keys()].join(', ')}.`;
  const error = element('Type', 'Sender') + element('Code', 'UnrecognizedService') + element('Message', message);
  return { status: 400, headers: { 'content-type': 'text/xml' }, body: element('ErrorResponse', element('Error', error) + element('RequestId', requestId)) };
}

/** Serves one account (an AwsStore) or every account of an estate (an organization). */
export function awsRouter(accounts: AwsStore | AwsEstate, options: AwsRouterOptions): SimRouter {
  const estate = accounts instanceof AwsStore ? AwsEstate.ofStore(accounts) : accounts;
  return {
    serverName: 'inferguard-aws-simulator',
    catalog: awsFaultCatalog,
    route(request: SimRequest, requestId: string): Routing {
      const scope = credentialScope(request);
      if (scope === undefined) {
        return { kind: 'refused', identity: { service: 'unknown', operation: 'unknown', region: '' }, response: unsignedResponse(requestId) };
      }
      const service = services.get(scope.service);
      if (service === undefined) {
        return { kind: 'refused', identity: { service: scope.service, operation: 'unknown', region: scope.region }, response: unknownServiceResponse(scope.service, requestId) };
      }
      const operation = service.identify(request);
      const identity = { service: scope.service, operation: operation ?? 'unknown', region: scope.region };
      if (operation === undefined || !service.hasOperation(operation)) {
        return { kind: 'refused', identity, response: service.unknownOperation(operation, requestId) };
      }
      options.onSignedCall?.({ accessKeyId: scope.accessKeyId, service: scope.service, operation });
      const caller = estate.caller(scope.accessKeyId);
      if (caller === undefined) return { kind: 'refused', identity, response: service.unrecognizedClient(requestId) };
      const base: ContextBase = { estate, caller, region: scope.region, requestId, strictS3Regions: options.strictS3Regions };
      const call: RoutedCall = {
        ...identity,
        operation,
        answer: () => service.invoke(operation, request, base),
        fault: (fault) => service.fault(fault, operation, base),
      };
      return { kind: 'call', call };
    },
  };
}
