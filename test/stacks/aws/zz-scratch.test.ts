import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildExampleApp } from '../../../stacks/aws/example-app';
import * as fs from 'fs';
import * as s3 from 'aws-cdk-lib/aws-s3';
test('scratch', () => {
  const { app } = buildExampleApp({ realtime: { bucketProps: { enforceSSL: false, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS } }, outdir: '/tmp/scratch/out2', plugins: (s) => [new AwsSolutionsChecks(s), new NIST80053R5Checks(s)] });
  let err = '';
  try { app.synth(); } catch (e) { err = String(e); }
  console.log('ERR', err.slice(0, 3000));
  console.log(fs.readdirSync('/tmp/scratch/out2'));
  for (const p of [new AwsSolutionsChecks(app), new NIST80053R5Checks(app)]) {
    const r = p.validateScope(app);
    console.log(p.name, r.success, JSON.stringify(r.violations.map(v => [v.ruleName, v.violatingResources.map(x => x.constructPath)]), null, 1).slice(0, 8000));
  }
});
