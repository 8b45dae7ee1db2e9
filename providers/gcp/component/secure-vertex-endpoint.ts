// SecureVertexEndpoint: a Vertex AI online prediction endpoint that is private (Private Service Connect
// by default, or VPC peering), CMEK-encrypted with a rotating key, logged to BigQuery, served by a
// dedicated least-privilege service account, inside an enforced VPC Service Controls perimeter.
import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import * as accesscontextmanager from '@pulumi/gcp/accesscontextmanager';
import * as bigquery from '@pulumi/gcp/bigquery';
import * as compute from '@pulumi/gcp/compute';
import * as kms from '@pulumi/gcp/kms';
import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as servicenetworking from '@pulumi/gcp/servicenetworking';
import * as vertex from '@pulumi/gcp/vertex';
import { ARTIFACT_READER_ROLE, INVOKER_ROLE, KEY_ROLE, SERVING_ROLES, mergeSettings, vertexServiceAgent, type VertexEndpointSettings } from './defaults';
import type { SecureVertexEndpointProps } from './props';
import { SecureVertexEndpointError, refusals, warnWeakenings, weakenings } from './weakening';

const DAY_SECONDS = 86_400;

/** A Cloud KMS duration: whole seconds with an `s` suffix. */
export function kmsDuration(days: number): string {
  return `${days * DAY_SECONDS}s`;
}

/** Vertex AI endpoint ids are numeric, at most 10 digits, no leading zero: one derived from the project and name. */
export function endpointIdFor(projectId: string, name: string): string {
  const hash = createHash('sha256').update(`${projectId}/${name}`).digest();
  return String(1_000_000_000 + (hash.readUInt32BE(0) % 9_000_000_000));
}

/** Service account ids: 6-30 characters, lower-case letters, digits and hyphens, starting with a letter. */
export function servingAccountId(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, '');
  // 22 characters of the name and `-serving` stay within the 30 allowed.
  const id = (cleaned || 'endpoint').slice(0, 22).replace(/-+$/, '');
  return `${id}-serving`;
}

/** BigQuery dataset ids: letters, digits and underscores. */
export function loggingDatasetId(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_]/g, '_')}_predictions`.slice(0, 1024);
}

/** The BigQuery encryption service agent, which needs the key to write a CMEK dataset. */
function bigqueryServiceAgent(projectNumber: string): string {
  return `serviceAccount:bq-${projectNumber}@bigquery-encryption.iam.gserviceaccount.com`;
}

export class SecureVertexEndpoint extends pulumi.ComponentResource {
  public readonly endpoint: vertex.AiEndpoint;
  /** The key the endpoint is encrypted with; undefined when customer-managed encryption is off. */
  public readonly keyName: pulumi.Output<string> | undefined;
  public readonly servingServiceAccount: serviceaccount.Account;
  /** Use it as `serviceAccount` when deploying models to the endpoint. */
  public readonly servingServiceAccountEmail: pulumi.Output<string>;
  public readonly loggingDataset: bigquery.Dataset | undefined;
  public readonly servicePerimeter: accesscontextmanager.ServicePerimeter | undefined;
  /** The settings after defaults and props were merged. */
  public readonly settings: VertexEndpointSettings;

  constructor(name: string, props: SecureVertexEndpointProps, opts?: pulumi.ComponentResourceOptions) {
    super('inferguard:gcp:SecureVertexEndpoint', name, {}, opts);
    const s = mergeSettings(props);
    const problems = refusals(s);
    if (problems.length > 0) throw new SecureVertexEndpointError(`SecureVertexEndpoint "${name}" cannot be built:\n- ${problems.join('\n- ')}`);
    this.settings = s;
    warnWeakenings(this, weakenings(s));
    const child = { parent: this };
    const project = s.projectId;

    // Key: a ring and a rotating key made here, or the user's own; the Vertex AI service agent may use it.
    let keyName: pulumi.Output<string> | undefined;
    let keyGrants: pulumi.Resource[] = [];
    if (s.key.customerManaged) {
      let cryptoKeyName: pulumi.Output<string>;
      if (s.key.existingKeyName === undefined) {
        const ring = new kms.KeyRing(`${name}-ring`, { project, location: s.region }, child);
        const key = new kms.CryptoKey(
          `${name}-key`,
          {
            keyRing: ring.id,
            purpose: 'ENCRYPT_DECRYPT',
            rotationPeriod: kmsDuration(s.key.rotationDays),
            destroyScheduledDuration: kmsDuration(s.key.destroyScheduledDays),
            versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: s.key.protectionLevel },
            labels: { ...s.labels },
          },
          { ...child, protect: opts?.protect },
        );
        cryptoKeyName = key.id;
      } else {
        cryptoKeyName = pulumi.output(s.key.existingKeyName);
      }
      keyName = cryptoKeyName;
      const members = [vertexServiceAgent(s.projectNumber), ...s.key.extraEncrypterDecrypters];
      if (s.requestLogging.enabled && s.requestLogging.bigqueryDestination === undefined) members.push(bigqueryServiceAgent(s.projectNumber));
      keyGrants = members.map((member, index) => new kms.CryptoKeyIAMMember(`${name}-key-user-${index}`, { cryptoKeyId: cryptoKeyName, role: KEY_ROLE, member }, child));
    }
    this.keyName = keyName;

    // The serving identity: its own account with log and metric writing, and object read on one bucket.
    this.servingServiceAccount = new serviceaccount.Account(
      `${name}-serving`,
      { project, accountId: servingAccountId(name), displayName: `Serving identity of Vertex AI endpoint ${s.displayName}`, description: 'Created by inferguard SecureVertexEndpoint; least privilege.' },
      child,
    );
    this.servingServiceAccountEmail = this.servingServiceAccount.email;
    const servingMember = pulumi.interpolate`serviceAccount:${this.servingServiceAccount.email}`;
    [...SERVING_ROLES, ...s.extraServingRoles].forEach((role, index) => {
      new projects.IAMMember(`${name}-serving-role-${index}`, { project, role, member: servingMember }, child);
    });
    if (s.modelArtifactBucket !== undefined) {
      new projects.IAMMember(
        `${name}-serving-artifacts`,
        {
          project,
          role: ARTIFACT_READER_ROLE,
          member: servingMember,
          condition: {
            title: 'model-artifact-bucket-only',
            description: `Objects of gs://${s.modelArtifactBucket} only`,
            expression: `resource.name.startsWith("projects/_/buckets/${s.modelArtifactBucket}/")`,
          },
        },
        child,
      );
    }

    // Request/response logging: to the user's table, or a CMEK dataset made here.
    let loggingUri: pulumi.Output<string> | undefined;
    if (s.requestLogging.enabled) {
      if (s.requestLogging.bigqueryDestination === undefined) {
        this.loggingDataset = new bigquery.Dataset(
          `${name}-logs`,
          {
            project,
            datasetId: loggingDatasetId(name),
            location: s.region,
            description: `Request/response logs of Vertex AI endpoint ${s.displayName}`,
            labels: { ...s.labels },
            ...(keyName === undefined ? {} : { defaultEncryptionConfiguration: { kmsKeyName: keyName } }),
          },
          { ...child, dependsOn: keyGrants },
        );
        loggingUri = pulumi.interpolate`bq://${project}.${this.loggingDataset.datasetId}`;
      } else {
        loggingUri = pulumi.output(s.requestLogging.bigqueryDestination);
      }
    }

    // VPC peering: a reserved range and the servicenetworking connection, unless the network has one.
    const endpointDependencies: pulumi.Resource[] = [...keyGrants];
    if (s.network !== undefined && s.createPeeringConnection) {
      const range = new compute.GlobalAddress(
        `${name}-peering-range`,
        { project, purpose: 'VPC_PEERING', addressType: 'INTERNAL', prefixLength: s.peeringRangePrefixLength, network: s.network },
        child,
      );
      endpointDependencies.push(
        new servicenetworking.Connection(`${name}-peering`, { network: s.network, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: [range.name] }, child),
      );
    }

    // Wiring last: the component's own project is always in the PSC allowlist.
    const allowlist = [...new Set([s.projectId, ...s.privateServiceConnect.projectAllowlist])];
    this.endpoint = new vertex.AiEndpoint(
      `${name}-endpoint`,
      {
        project,
        location: s.region,
        region: s.region,
        name: endpointIdFor(project, name),
        displayName: s.displayName,
        description: 'Created by inferguard SecureVertexEndpoint',
        labels: { ...s.labels },
        ...(keyName === undefined ? {} : { encryptionSpec: { kmsKeyName: keyName } }),
        ...(s.privateServiceConnect.enabled ? { privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlists: allowlist } } : {}),
        ...(s.network === undefined ? {} : { network: s.network }),
        ...(s.dedicatedEndpoint ? { dedicatedEndpointEnabled: true } : {}),
        ...(loggingUri === undefined
          ? {}
          : { predictRequestResponseLoggingConfig: { enabled: true, samplingRate: s.requestLogging.samplingRate, bigqueryDestination: { outputUri: loggingUri } } }),
      },
      { ...child, dependsOn: endpointDependencies },
    );
    s.invokers.forEach((member, index) => {
      new vertex.AiEndpointIamMember(`${name}-invoker-${index}`, { project, location: s.region, endpoint: this.endpoint.name, role: INVOKER_ROLE, member }, child);
    });

    // The perimeter: a new one around the project, or the project added to an existing one.
    const perimeter = s.servicePerimeter;
    const projectResource = `projects/${s.projectNumber}`;
    if (perimeter.enabled && perimeter.accessPolicy !== undefined) {
      const config = {
        resources: [projectResource],
        restrictedServices: [...perimeter.restrictedServices],
        vpcAccessibleServices: { enableRestriction: true, allowedServices: ['RESTRICTED-SERVICES'] },
        ...(perimeter.ingressPolicies.length > 0 ? { ingressPolicies: perimeter.ingressPolicies.map((p) => ({ ...p })) } : {}),
        ...(perimeter.egressPolicies.length > 0 ? { egressPolicies: perimeter.egressPolicies.map((p) => ({ ...p })) } : {}),
      };
      const perimeterName = `${name.replace(/[^A-Za-z0-9_]/g, '_')}_perimeter`;
      this.servicePerimeter = new accesscontextmanager.ServicePerimeter(
        `${name}-perimeter`,
        {
          parent: perimeter.accessPolicy,
          name: `${perimeter.accessPolicy}/servicePerimeters/${perimeterName}`,
          title: perimeterName,
          perimeterType: 'PERIMETER_TYPE_REGULAR',
          ...(perimeter.dryRun ? { useExplicitDryRunSpec: true, spec: config } : { status: config }),
        },
        child,
      );
    } else if (perimeter.enabled && perimeter.existingPerimeter !== undefined) {
      new accesscontextmanager.ServicePerimeterResource(`${name}-perimeter-member`, { perimeterName: perimeter.existingPerimeter, resource: projectResource }, child);
    }

    this.registerOutputs({
      endpointName: this.endpoint.name,
      keyName: this.keyName,
      servingServiceAccountEmail: this.servingServiceAccountEmail,
    });
  }
}
