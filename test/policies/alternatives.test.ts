import { joinAlternatives } from '../../policies/alternatives';
import type { Finding } from '../../policies/evaluate';

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  controlId: 'endpoint-storage-customer-key',
  title: 'Endpoint storage is encrypted with a customer-managed key',
  severity: 'medium',
  status: 'pass',
  provider: 'aws',
  resourceId: 'Stack/Endpoint',
  resourceName: 'Endpoint',
  resourceKind: 'endpoint',
  message: 'A: storage uses customer key Stack/Key',
  evidence: [{ source: 'AWS::SageMaker::EndpointConfig', path: 'Resources.Config.Properties.KmsKeyId', value: { Ref: 'Key' } }],
  ...overrides,
});

const fail = finding({ status: 'fail', message: 'A: storage is encrypted with a provider-managed key', evidence: [{ source: 'AWS::SageMaker::EndpointConfig', path: 'Resources.Config.Properties.KmsKeyId', value: '' }] });

describe('joinAlternatives', () => {
  it('the same verdict and message everywhere is that finding, with the evidence of each alternative once', () => {
    const joined = joinAlternatives([
      { assumptions: ['condition A = true'], findings: [finding()] },
      { assumptions: ['condition A = false'], findings: [finding()] },
    ]);
    expect(joined).toEqual([finding()]);
  });

  it('the same status with different messages keeps the status and says what each alternative found', () => {
    const other = finding({ message: 'A: storage uses customer key Stack/Other', evidence: [{ source: 's', path: 'p', value: 'other' }] });
    const [joined] = joinAlternatives([
      { assumptions: ['condition A = true'], findings: [finding()] },
      { assumptions: ['condition A = false'], findings: [other] },
    ]);
    expect(joined.status).toBe('pass');
    expect(joined.message).toMatch(/^pass under every assignment/);
    expect(joined.evidence).toHaveLength(2);
  });

  it('different verdicts are unknown, naming the deciding assumption and the verdict under each', () => {
    const [joined] = joinAlternatives([
      { assumptions: ['condition HasKey = true', 'condition InVpc = true'], findings: [finding()] },
      { assumptions: ['condition HasKey = true', 'condition InVpc = false'], findings: [finding()] },
      { assumptions: ['condition HasKey = false', 'condition InVpc = true'], findings: [fail] },
      { assumptions: ['condition HasKey = false', 'condition InVpc = false'], findings: [fail] },
    ]);
    expect(joined.status).toBe('unknown');
    expect(joined.message).toBe(
      'depends on what the template leaves open: under condition HasKey = true: pass (A: storage uses customer key Stack/Key); under condition HasKey = false: fail (A: storage is encrypted with a provider-managed key)',
    );
  });

  it('when no single assumption decides, every alternative is listed', () => {
    const [joined] = joinAlternatives([
      { assumptions: ['condition A = true', 'condition B = true'], findings: [finding()] },
      { assumptions: ['condition A = true', 'condition B = false'], findings: [fail] },
      { assumptions: ['condition A = false', 'condition B = true'], findings: [fail] },
      { assumptions: ['condition A = false', 'condition B = false'], findings: [finding()] },
    ]);
    expect(joined.status).toBe('unknown');
    expect(joined.message.match(/under condition A = \w+, condition B = \w+/g)).toHaveLength(4);
  });

  it('a resource missing from an alternative (not created there) is judged where it exists', () => {
    const joined = joinAlternatives([
      { assumptions: ['condition Prod = true'], findings: [fail] },
      { assumptions: ['condition Prod = false'], findings: [] },
    ]);
    expect(joined.map((f) => [f.status, f.message])).toEqual([['fail', `${fail.message} (created only under condition Prod = true)`]]);
  });
});
