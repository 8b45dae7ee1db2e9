// The Azure Resource Manager simulator: a request handler plus a small node:http starter.
export * from './errors';
export * from './estate';
export * from './faults';
export * from './handler';
export * from './http';
export * from './resources';
export * from './role-definitions';
export * from './scenario';
export * from './scenarios/builders';
export * from './scenarios/estate';
export * from './scenarios/seeded';
export * from './server';
export { AzureStore, scopeContains } from './store';
