import { z } from 'zod';
import { defineControl, fail, judgeDeployments, pass, withFact } from '../control';

export default defineControl({
  id: 'endpoint-multiple-instances',
  title: 'Each deployment runs on more than one instance',
  severity: 'medium',
  subject: 'endpoint',
  parameters: z.strictObject({
    minInstances: z.number().int().min(1).default(2).describe('Fewest instances a deployment may run on.'),
  }),
  rationale:
    'With two or more instances the provider spreads a deployment across availability zones, so one failed instance or zone does not take inference down. Serverless deployments have no instance count (the platform scales and places them), so the control is not applicable to them.',
  frameworks: { nist80053r5: ['SC-5', 'SC-36'], mitreAtlas: [] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: `instanceCount` (default 2; auto scaling never goes below it); CloudFormation: AWS::SageMaker::EndpointConfig.ProductionVariants[].InitialInstanceCount >= {{minInstances}}.',
        live: 'Raise the count in place with `aws sagemaker update-endpoint-weights-and-capacities --desired-weights-and-capacities VariantName=<v>,DesiredInstanceCount={{minInstances}}`, or register an auto-scaling target with MinCapacity {{minInstances}}.',
      },
      equivalents: [
        { tool: 'Security Hub', id: 'SageMaker.4' },
        { tool: 'AWS Config', id: 'sagemaker-endpoint-config-prod-instance-count' },
        { tool: 'Prowler', id: 'sagemaker_endpoint_config_prod_variant_instances' },
      ],
    },
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: `instanceCount` (default 2); Pulumi: machinelearningservices.OnlineDeployment.sku.capacity >= {{minInstances}} (or properties.scaleSettings minInstances).',
        live: '`az ml online-deployment update --name <deployment> --endpoint-name <endpoint> --set instance_count={{minInstances}}`.',
      },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'Deploy the model with `dedicatedResources.minReplicaCount` >= {{minInstances}} (no @pulumi/gcp resource deploys a model: set it where the model is deployed).',
        live: '`gcloud ai endpoints deploy-model <endpoint> --region <region> --model <model> --min-replica-count {{minInstances}}` (then undeploy the old deployed model).',
      },
      equivalents: [],
    },
  },
  evaluate: (endpoint, params) =>
    judgeDeployments(
      endpoint.deployments,
      (d) =>
        withFact(d.instanceCount, 'instance count', (count, ev) =>
          count >= params.minInstances
            ? pass(`runs on ${count} instance(s)`, ...ev)
            : fail(`runs on ${count} instance(s), fewer than ${params.minInstances}`, ...ev),
        ),
      'multiple-instances',
    ),
});
