// Child process for the benchmark: one audit of the simulator, reporting wall time and this process's peak memory.
import { collectAwsInventory } from '../../providers/aws/live';
import { defaultBaseline } from '../../policies/baseline';
import { evaluate } from '../../policies/evaluate';

interface AuditMessage {
  readonly url: string;
  readonly concurrency: number;
}

process.once('message', async (message: AuditMessage) => {
  const started = performance.now();
  const inventory = await collectAwsInventory({ regions: ['us-east-1'], endpointUrl: message.url, concurrency: message.concurrency });
  const findings = evaluate(inventory, defaultBaseline());
  const wallMs = performance.now() - started;
  process.send?.({
    wallMs,
    // maxRSS is in KiB.
    peakRssMib: process.resourceUsage().maxRSS / 1024,
    endpoints: inventory.resources.filter((r) => r.kind === 'endpoint').length,
    findings: findings.length,
    gaps: inventory.gaps.length,
  });
  process.exit(0);
});
