#!/usr/bin/env node
// cdk.json's app: the example inference stack, checked at synth by cdk-nag's AWS Solutions and
// NIST 800-53 rev 5 packs (any unacknowledged finding fails `cdk synth`).
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildExampleApp } from '../stacks/aws/example-app';

const { app } = buildExampleApp({ plugins: (scope) => [new AwsSolutionsChecks(scope), new NIST80053R5Checks(scope)] });
app.synth();
