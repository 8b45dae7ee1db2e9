// AWS::SageMaker::MonitoringSchedule -> the number of schedules watching each endpoint.
import { evidence, known, unknown, type Evidence, type Fact } from '../../../../policies/model';
import type { PropertyPath, TemplateContext, TemplateResource } from '../template-context';
import { Unresolved, isResolvedArray, type Resolved } from '../values';

const SCHEDULE = 'AWS::SageMaker::MonitoringSchedule';
const ENDPOINT = 'AWS::SageMaker::Endpoint';

/** Monitoring job definitions and where each names its endpoint. */
const JOB_DEFINITION_ENDPOINT_PATHS: Readonly<Record<string, PropertyPath>> = {
  'AWS::SageMaker::DataQualityJobDefinition': ['DataQualityJobInput', 'EndpointInput', 'EndpointName'],
  'AWS::SageMaker::ModelQualityJobDefinition': ['ModelQualityJobInput', 'EndpointInput', 'EndpointName'],
  'AWS::SageMaker::ModelBiasJobDefinition': ['ModelBiasJobInput', 'EndpointInput', 'EndpointName'],
  'AWS::SageMaker::ModelExplainabilityJobDefinition': ['ModelExplainabilityJobInput', 'EndpointInput', 'EndpointName'],
};

/** An endpoint a schedule watches: a template endpoint's logical id, an outside endpoint's name, or unresolved. */
type Target = { readonly logicalId: string } | { readonly external: string } | Unresolved;

function target(context: TemplateContext, value: Resolved): Target {
  const endpoint = context.referenced(value, ENDPOINT);
  if (endpoint) return { logicalId: endpoint.logicalId };
  const name = context.render(value);
  if (name instanceof Unresolved) return name;
  if (name === null) return new Unresolved('EndpointName is not a name or reference', value);
  const declared = context.byPhysicalName(ENDPOINT, 'EndpointName', name);
  return declared ? { logicalId: declared.logicalId } : { external: name };
}

/** The job definition a schedule names, by reference or by its declared JobDefinitionName. */
function definitionByNameOrRef(context: TemplateContext, value: Resolved): TemplateResource | undefined {
  const types = Object.keys(JOB_DEFINITION_ENDPOINT_PATHS);
  const referenced = context.referenced(value, ...types);
  if (referenced) return referenced;
  const name = context.render(value);
  return typeof name === 'string' ? types.map((t) => context.byPhysicalName(t, 'JobDefinitionName', name)).find((d) => d !== undefined) : undefined;
}

function scheduleTargets(context: TemplateContext, schedule: TemplateResource): Target[] {
  const found: Resolved[] = [];
  const top = schedule.get(['EndpointName']);
  if (top !== undefined) found.push(top);
  const inputs = schedule.get(['MonitoringScheduleConfig', 'MonitoringJobDefinition', 'MonitoringInputs']);
  if (inputs instanceof Unresolved) return [inputs];
  if (isResolvedArray(inputs)) {
    inputs.forEach((_input, i) => {
      const name = schedule.get(['MonitoringScheduleConfig', 'MonitoringJobDefinition', 'MonitoringInputs', i, 'EndpointInput', 'EndpointName']);
      if (name !== undefined) found.push(name);
    });
  }
  const definitionName = schedule.get(['MonitoringScheduleConfig', 'MonitoringJobDefinitionName']);
  if (definitionName !== undefined) {
    const definition = definitionByNameOrRef(context, definitionName);
    const name = definition ? (definition.get(['EndpointName']) ?? definition.get(JOB_DEFINITION_ENDPOINT_PATHS[definition.type])) : undefined;
    if (name !== undefined) found.push(name);
    else if (!definition && found.length === 0) {
      return [new Unresolved(`its job definition is not declared in this template, so the endpoint it watches is not known`, definitionName)];
    }
  }
  if (found.length === 0) return [new Unresolved('it names no endpoint', null)];
  return found.map((value) => target(context, value));
}

/** Counts, per endpoint, the schedules that watch it; unknown when some schedule's endpoint cannot be resolved. */
export function monitoringScheduleCounter(context: TemplateContext): (endpoint: TemplateResource) => Fact<number> {
  const schedules = context.ofType(SCHEDULE).map((schedule) => ({ schedule, targets: scheduleTargets(context, schedule) }));
  const unresolved = schedules.find((s) => s.targets.some((t) => t instanceof Unresolved));
  return (endpoint) => {
    const watching = schedules.filter((s) => s.targets.some((t) => !(t instanceof Unresolved) && 'logicalId' in t && t.logicalId === endpoint.logicalId));
    const ev: Evidence[] = watching.map((s) => s.schedule.evidence(['MonitoringScheduleConfig']));
    if (unresolved) {
      const why = unresolved.targets.find((t): t is Unresolved => t instanceof Unresolved)!;
      return unknown(`${SCHEDULE} ${unresolved.schedule.logicalId} may watch this endpoint: ${why.reason}`, ...ev, unresolved.schedule.evidence([]));
    }
    if (watching.length === 0) return known(0, evidence(SCHEDULE, 'Resources', `no ${SCHEDULE} in the template watches ${endpoint.logicalId}`));
    return known(watching.length, ...ev);
  };
}
