import { defineControl, fail, judgeDeployments, pass, withFact } from '../control';

export default defineControl({
  id: 'model-monitoring-scheduled',
  title: 'A model-monitoring schedule watches the endpoint',
  severity: 'low',
  subject: 'endpoint',
  rationale:
    'Scheduled monitoring compares live inputs and predictions with a baseline, so drift, data-quality problems and manipulated inputs are noticed rather than silently served. Serverless deployments cannot be monitored this way (no data capture), so the control is not applicable to them.',
  frameworks: { nist80053r5: ['SI-4', 'CA-7'], mitreAtlas: ['AML.M0024'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: set `monitoring` (a data-quality schedule: `analyzerImageUri`, `baselineStatisticsKey`, `baselineConstraintsKey`; needs `dataCapture` on); CloudFormation: AWS::SageMaker::MonitoringSchedule with EndpointName.',
        live: '`aws sagemaker create-monitoring-schedule --monitoring-schedule-name <name> --monitoring-schedule-config ...` for the endpoint (data capture must be on).',
      },
      equivalents: [{ tool: 'Prowler', id: 'sagemaker_models_monitor_enabled' }],
    },
  },  notApplicableTo: {
    azure: 'Azure ML model monitors are not read by the Azure adapters yet.',
    gcp: 'Vertex AI model monitoring jobs are not read by the Google Cloud adapters yet.',
  },

  evaluate: (endpoint) =>
    judgeDeployments(
      endpoint.deployments,
      () =>
        withFact(endpoint.monitoringSchedules, 'monitoring schedules', (count, ev) =>
          count >= 1 ? pass(`${count} monitoring schedule(s)`, ...ev) : fail('no monitoring schedule watches the endpoint', ...ev),
        ),
      'model-monitoring',
    ),
});
