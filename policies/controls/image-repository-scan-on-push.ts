import { defineControl, fail, pass, withFact } from '../control';

export default defineControl({
  id: 'image-repository-scan-on-push',
  title: 'Image repositories scan images on push',
  severity: 'medium',
  subject: 'image-repository',
  rationale:
    'Inference images bundle an operating system, a serving stack and ML libraries, each with its own vulnerabilities. Scanning every pushed image finds known vulnerabilities before the image is deployed rather than after.',
  frameworks: { nist80053r5: ['RA-5', 'SI-2'], mitreAtlas: ['AML.M0016'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `repository` unset (default: scan on push) and keep `repositoryProps.imageScanOnPush: true`; CloudFormation: AWS::ECR::Repository.ImageScanningConfiguration.ScanOnPush: true, or registry-level enhanced scanning.',
        live: '`aws ecr put-image-scanning-configuration --repository-name <repo> --image-scanning-configuration scanOnPush=true`, or `aws ecr put-registry-scanning-configuration` with a scan-on-push rule.',
      },
      equivalents: [
        { tool: 'Prowler', id: 'ecr_repositories_scan_images_on_push_enabled' },
        { tool: 'Checkov', id: 'CKV_AWS_163' },
      ],
    },
  },  notApplicableTo: {
    azure: 'Azure Container Registry repositories are not read by the Azure adapters yet (scanning is Microsoft Defender for Containers, a subscription setting).',
    gcp: 'Artifact Registry repositories are not read by the Google Cloud adapters yet (scanning is the Container Scanning API, a project setting).',
  },

  evaluate: (repository) =>
    withFact(repository.scanOnPush, 'scan-on-push setting', (enabled, ev) =>
      enabled ? pass('images are scanned on push', ...ev) : fail('images are not scanned on push', ...ev),
    ),
});
