/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
  // Most suites wait on servers (simulators, moto, Azurite, CDK synth in child processes) more than they compute:
  // on a 2-core machine jest's default (cores - 1 = one worker, in band) leaves a core idle; three workers measured
  // the whole suite well inside CI's budget.
  maxWorkers: 3,
};
