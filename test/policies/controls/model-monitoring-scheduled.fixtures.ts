import { endpoint, evidence, known, serverlessDeployment } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const fixtures: ControlFixture[] = [
  fixture('one monitoring schedule', endpoint(), 'pass', { messageIncludes: '1 monitoring schedule' }),
  fixture('no monitoring schedule', endpoint({ monitoringSchedules: known(0, evidence('fixture', 'MonitoringScheduleSummaries', [])) }), 'fail', {
    messageIncludes: 'no monitoring schedule',
  }),
  fixture('serverless cannot be monitored', endpoint({
    deployments: known([serverlessDeployment()]),
    monitoringSchedules: known(0, evidence('fixture', 'MonitoringScheduleSummaries', [])),
  }), 'not_applicable'),
  fixture('schedules could not be listed', endpoint({ monitoringSchedules: denied('sagemaker:ListMonitoringSchedules', 'MonitoringScheduleSummaries') }), 'unknown'),
];

export default fixtures;
