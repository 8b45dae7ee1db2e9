import { readCloudFormation } from '../../../../providers/aws/template';
import { defaultBaseline } from '../../../../policies/baseline';
import { evaluate } from '../../../../policies/evaluate';
test('scratch', async () => {
  const inv = await readCloudFormation(process.env.SCRATCH ?? `${__dirname}/fixtures/compliant-endpoint.yaml`);
  if (process.env.DUMP) console.log(JSON.stringify(inv, (k, v) => (k === 'evidence' && !process.env.EV ? undefined : v), 1));
  const findings = evaluate(inv, defaultBaseline());
  console.log(findings.map((f) => `${f.status.padEnd(15)} ${f.controlId.padEnd(32)} ${f.resourceId}: ${f.message}`).join('\n'));
});
