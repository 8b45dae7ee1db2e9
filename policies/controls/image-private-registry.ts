import { z } from 'zod';
import { combine, defineControl, fail, judgeDeployments, notApplicable, pass, withList, type Judgement } from '../control';
import type { ImageRef } from '../model';

export default defineControl({
  id: 'image-private-registry',
  title: 'Container images come from a trusted private registry',
  severity: 'medium',
  subject: 'endpoint',
  parameters: z.strictObject({
    trustedAccounts: z
      .array(z.string().min(1))
      .default([])
      .describe("Accounts (AWS accounts, Azure subscriptions, Google Cloud projects) whose private registries images may come from; empty means the endpoint's own account."),
  }),
  rationale:
    'An image pulled from a public registry, or from a registry in an account you do not control, can be replaced by someone else at any time: its code then runs next to your model and data. Images from your own private registry are under your access policy, scanning and retention. Serverless deployments are judged too: they pull only from the provider registry, but which account that repository belongs to still matters.',
  frameworks: { nist80053r5: ['SR-3', 'SI-7'], mitreAtlas: ['AML.M0005', 'AML.M0014'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: the image always comes from `repository` (default: a new private ECR repository in this account) at `imageDigest`; CloudFormation: AWS::SageMaker::Model.PrimaryContainer.Image = <account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:<digest>.',
        live: 'Copy the image into an ECR repository you own (`docker pull`, `docker tag`, `docker push`), create a model that uses it, a new endpoint config, then `aws sagemaker update-endpoint`.',
      },
      equivalents: [
        { tool: 'Security Hub', id: 'SageMaker.16' },
        { tool: 'Security Hub', id: 'SageMaker.19' },
        { tool: 'AWS Config', id: 'sagemaker-model-private-registry-required' },
      ],
    },
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: the image always comes from its Azure Container Registry; Pulumi: the environment\'s image in an ACR registry of a trusted subscription (`<registry>.azurecr.io/...`).',
        live: '`az acr import --name <registry> --source <public image>`, create an environment version that uses the imported image, then `az ml online-deployment update`.',
      },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'Upload the model with `containerSpec.imageUri` in an Artifact Registry repository of a trusted project (`<region>-docker.pkg.dev/<project>/...`). Google\'s pre-built serving containers (`<region>-docker.pkg.dev/vertex-ai/...`) belong to Google\'s project `vertex-ai`: to accept them, add `vertex-ai` to trustedAccounts.',
        live: 'Copy the image into your Artifact Registry (`docker pull`, `docker tag`, `docker push`), `gcloud ai models upload --container-image-uri <it>`, then redeploy.',
      },
      equivalents: [],
    },
  },
  compensatingControls: ['image-pinned-by-digest', 'image-repository-not-public'],
  evaluate: (endpoint, params) => {
    const trusted = params.trustedAccounts.length > 0 ? params.trustedAccounts : endpoint.account ? [endpoint.account] : [];
    const judgeImage = (image: ImageRef): Judgement => {
      if (image.registry === 'public') return fail(`image ${image.uri} comes from a public registry`);
      if (image.registryAccount === null) {
        return { status: 'unknown', message: `the account of the registry holding ${image.uri} is not known`, evidence: [] };
      }
      if (trusted.length === 0) {
        return {
          status: 'unknown',
          message: `the endpoint's account is not known, so ${image.uri} cannot be checked: set trustedAccounts`,
          evidence: [],
        };
      }
      return trusted.includes(image.registryAccount)
        ? pass(`image ${image.uri} comes from the private registry of trusted account ${image.registryAccount}`)
        : fail(`image ${image.uri} comes from account ${image.registryAccount}, which is not trusted (trusted: ${trusted.join(', ')})`);
    };
    return judgeDeployments(
      endpoint.deployments,
      (d) =>
        withList(d.images, 'container images', (images, ev) => {
          if (images.length === 0) return notApplicable('no container images', ...ev);
          return { ...combine(images.map(judgeImage)), evidence: ev };
        }),
      'private-registry',
    );
  },
});
