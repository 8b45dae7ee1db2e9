// A management group's descendants as the REST reference writes them (GetDescendants example, api-version 2023-04-01:
// a subscription is `Microsoft.Management/managementGroups/subscriptions` with id `/subscriptions/<id>`), as its field
// description writes them (`/subscriptions`), and an entity of a type we do not know: every subscription is found
// whichever way it is written, and the unknown entity is a gap that names it, never a silent hole in the estate.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectAzureInventory } from '../../../../providers/azure/live/index';

const GROUP = 'contoso-ml';
const groupId = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
const SUBSCRIPTIONS = {
  documented: '11111111-0000-0000-0000-000000000001',
  legacy: '11111111-0000-0000-0000-000000000002',
  typeOnly: '11111111-0000-0000-0000-000000000003',
};

const descendants = [
  { id: groupId('contoso-ml-prod'), type: 'Microsoft.Management/managementGroups', name: 'contoso-ml-prod', properties: { displayName: 'Prod', parent: { id: groupId(GROUP) } } },
  { id: `/subscriptions/${SUBSCRIPTIONS.documented}`, type: 'Microsoft.Management/managementGroups/subscriptions', name: SUBSCRIPTIONS.documented, properties: { displayName: 'One', parent: { id: groupId('contoso-ml-prod') } } },
  { id: `/subscriptions/${SUBSCRIPTIONS.legacy.toUpperCase()}`, type: '/subscriptions', name: SUBSCRIPTIONS.legacy, properties: { displayName: 'Two', parent: { id: groupId(GROUP) } } },
  { id: `/providers/Microsoft.Management/managementGroups/${GROUP}/subscriptions/${SUBSCRIPTIONS.typeOnly}`, type: 'Microsoft.Resources/subscriptions', name: SUBSCRIPTIONS.typeOnly, properties: null },
  { id: '/providers/Microsoft.Example/widgets/w1', type: 'Microsoft.Example/widgets', name: 'w1', properties: null },
];

let server: Server;
let url: string;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    paths.push(path);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'x-ms-request-id': 'test' });
      response.end(JSON.stringify(body));
    };
    if (path === '/subscriptions') return send(200, { value: [] });
    if (path === `${groupId(GROUP)}/descendants`) return send(200, { nextLink: null, value: descendants });
    // Each subscription's workspace listing: none.
    if (/^\/subscriptions\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces$/i.test(path)) return send(200, { value: [] });
    return send(404, { error: { code: 'NotFound', message: `no route ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('finds every subscription however the descendants write it, and names the entity it cannot place as a gap', async () => {
  const inventory = await collectAzureInventory({ subscriptions: [], managementGroup: GROUP, endpointUrl: url, accessToken: 'test-token', resourceGraph: false, maxRetries: 0, requestTimeoutMs: 5_000 });
  const expected = Object.values(SUBSCRIPTIONS).sort();
  expect(inventory.estate?.discovered).toEqual(expected);
  expect([...inventory.scope.accounts].sort()).toEqual(expected);
  // Each was read, by its id in lower case.
  for (const id of expected) expect(paths).toContain(`/subscriptions/${id}/providers/Microsoft.MachineLearningServices/workspaces`);
  expect(inventory.gaps).toEqual([
    expect.objectContaining({ operation: 'ManagementGroups_GetDescendants', resourceId: '/providers/Microsoft.Example/widgets/w1', errorCode: 'UnrecognizedDescendant' }),
  ]);
});
