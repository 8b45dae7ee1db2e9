// ARM's error responses: `{"error":{"code","message"}}` with the codes and message wording ARM uses.
import { jsonResponse, type ArmResponse } from './http';

export function armError(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}): ArmResponse {
  return jsonResponse(status, { error: { code, message } }, { 'x-ms-failure-cause': status >= 500 ? 'service' : 'gateway', ...headers });
}

export const armErrors = {
  missingApiVersion: (): ArmResponse =>
    armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'),
  invalidApiVersion: (version: string): ArmResponse =>
    armError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are formatted as 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`),
  missingAuthorization: (): ArmResponse =>
    armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."),
  invalidAuthorization: (): ArmResponse =>
    armError(401, 'InvalidAuthenticationToken', 'The access token is invalid: the Authorization header must be "Bearer <token>".'),
  authorizationFailed: (objectId: string, action: string, scope: string): ArmResponse =>
    armError(
      403,
      'AuthorizationFailed',
      `The client '${objectId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  throttled: (subscriptionId: string, retryAfterSeconds: number): ArmResponse =>
    armError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of 'read' requests for subscription '${subscriptionId}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      { 'retry-after': String(retryAfterSeconds) },
    ),
  internal: (trackingId: string): ArmResponse =>
    armError(500, 'InternalServerError', `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', tracking id '${trackingId}'.`),
  subscriptionNotFound: (subscriptionId: string): ArmResponse => armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),
  resourceGroupNotFound: (name: string): ArmResponse => armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`),
  resourceNotFound: (type: string, name: string, resourceGroup: string | undefined): ArmResponse =>
    armError(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${resourceGroup ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  roleNotFound: (kind: 'RoleAssignmentNotFound' | 'RoleDefinitionDoesNotExist', name: string): ArmResponse =>
    armError(404, kind, kind === 'RoleAssignmentNotFound' ? `The role assignment '${name}' is not found.` : `The specified role definition with ID '${name}' does not exist.`),
  invalidResourceType: (type: string, namespace: string, apiVersion: string): ArmResponse =>
    armError(404, 'InvalidResourceType', `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`),
  invalidFilter: (filter: string): ArmResponse =>
    armError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported filters: atScope(), principalId eq '{id}', assignedTo('{id}'), and atScope() and assignedTo('{id}').`),
  invalidSkipToken: (token: string): ArmResponse => armError(400, 'InvalidSkipToken', `The skip token '${token}' is not valid.`),
  methodNotAllowed: (method: string): ArmResponse =>
    armError(405, 'MethodNotAllowed', `The simulator serves read operations only; ${method} is not supported.`),
};
