import { defineControl, fail, judgeDeployments, notApplicable, pass, withList } from '../control';

export default defineControl({
  id: 'image-pinned-by-digest',
  title: 'Container images are pinned by digest',
  severity: 'medium',
  subject: 'endpoint',
  rationale:
    'A tag such as `latest` can be moved to a different image after review; a digest (`@sha256:...`) names exactly one image, so the code that serves the model is the code that was built, scanned and approved, and a scale-out or restart cannot silently pull something else.',
  frameworks: { nist80053r5: ['SI-7', 'CM-2'], mitreAtlas: ['AML.M0014'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: `imageDigest` (required; a tag is refused); CloudFormation: AWS::SageMaker::Model.PrimaryContainer.Image ending in `@sha256:<digest>`.',
        live: 'Find the digest with `aws ecr describe-images --repository-name <repo> --image-ids imageTag=<tag>`, create a model whose Image is `<repo uri>@<digest>`, a new endpoint config, then `aws sagemaker update-endpoint`.',
      },
      equivalents: [],
    },
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: `imageDigest` (a tag is refused); Pulumi: the environment\'s image `<registry>.azurecr.io/<repo>@sha256:<digest>`.',
        live: 'Find the digest with `az acr repository show --name <registry> --image <repo>:<tag>`, create an environment version whose image is `<repo>@<digest>`, then `az ml online-deployment update` to use it.',
      },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'Upload the model with `containerSpec.imageUri` ending in `@sha256:<digest>`.',
        live: 'Find the digest with `gcloud artifacts docker images describe <region>-docker.pkg.dev/<project>/<repo>/<image>:<tag>`, upload a model version whose image URI uses it (`gcloud ai models upload --container-image-uri ...@sha256:<digest>`), then redeploy.',
      },
      equivalents: [],
    },
  },
  evaluate: (endpoint) =>
    judgeDeployments(endpoint.deployments, (d) =>
      withList(d.images, 'container images', (images, ev) => {
        if (images.length === 0) return notApplicable('no container images', ...ev);
        const unpinned = images.filter((i) => i.digest === null);
        return unpinned.length === 0
          ? pass(`${images.length} image(s) pinned by digest`, ...ev)
          : fail(`not pinned by digest: ${unpinned.map((i) => i.uri).join(', ')}`, ...ev);
      }),
    ),
});
