// Pulumi.yaml's main (built to dist/bin/pulumi-app.js): declares the example stack that
// `inferguard:cloud` selects; this module's exports become the stack outputs.
import * as pulumi from '@pulumi/pulumi';
import { runPulumiProgram } from '../stacks/azure/program';

export = runPulumiProgram(new pulumi.Config('inferguard'));
