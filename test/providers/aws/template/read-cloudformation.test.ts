import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib/core';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { resourcesOfKind, type Inventory } from '../../../../policies/model';
import { readCloudFormation, readStackTemplates } from '../../../../providers/aws/template';
import { InferenceStack } from '../enforce/inference-stack';
import { expectEndpointReferencesJoin, valueOf } from './helpers';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const FIXTURE = join(__dirname, 'fixtures', 'compliant-endpoint.yaml');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'inferguard-template-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('readCloudFormation: template files', () => {
  it('reads .json, .yaml and .yml; the stack name is the file name', async () => {
    const json = join(scratch, 'models.template.json');
    writeFileSync(json, JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }));
    expect((await readCloudFormation(json)).resources.map((r) => r.id)).toEqual(['models/Bucket']);

    const yml = join(scratch, 'endpoint.yml');
    copyFileSync(FIXTURE, yml);
    const inventory = await readCloudFormation(yml);
    expect(inventory).toMatchObject({ provider: 'aws', source: 'template', gaps: [] });
    expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.id)).toEqual(['endpoint/Endpoint']);
  });

  it('a nested stack in a lone template is a coverage gap: its resources are not in this file', async () => {
    const file = join(scratch, 'parent.json');
    writeFileSync(file, JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.invalid/child.json' } } } }));
    const inventory = await readCloudFormation(file);
    expect(inventory.gaps).toEqual([expect.objectContaining({ resourceId: 'parent/Child', errorCode: 'NestedStackNotRead' })]);
  });

  it('says what was wrong on bad input', async () => {
    await expect(readCloudFormation(join(scratch, 'missing.yaml'))).rejects.toThrow(/does not exist: pass a CloudFormation template/);
    const empty = join(scratch, 'empty-dir');
    mkdirSync(empty);
    await expect(readCloudFormation(empty)).rejects.toThrow(/has no manifest\.json: pass a CloudFormation template file or a cdk\.out folder/);
    const notTemplate = join(scratch, 'not-a-template.yaml');
    writeFileSync(notTemplate, 'just: a mapping\n');
    await expect(readCloudFormation(notTemplate)).rejects.toThrow(/no Resources object; is this a CloudFormation template\?/);
  });
});

describe('readCloudFormation: a cdk.out folder', () => {
  let outdir: string;
  let inventory: Inventory;

  beforeAll(async () => {
    outdir = join(scratch, 'cdk.out');
    const app = new App({ outdir, context: { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: [`${REGION}a`, `${REGION}b`] } });
    new InferenceStack(app, 'Inference', { env: { account: ACCOUNT, region: REGION }, stackName: 'prod-inference' });
    // A stage writes a nested assembly; a NestedStack writes its template next to its parent's.
    const stage = new Stage(app, 'Staging');
    const staged = new Stack(stage, 'Data');
    new s3.Bucket(staged, 'Raw');
    const nested = new NestedStack(staged, 'Archive');
    new s3.Bucket(nested, 'Cold', { versioned: true });
    app.synth();
    inventory = await readCloudFormation(outdir);
  });

  it('reads every stack artifact, nested stage assemblies and nested stack templates', async () => {
    const stacks = await readStackTemplates(outdir);
    expect(stacks.map((s) => s.stackName).sort()).toEqual(['Staging-Data', expect.stringMatching(/^Staging-Data\/ArchiveNestedStack\w+$/), 'prod-inference']);
    const stores = resourcesOfKind(inventory, 'artifact-store').map((s) => s.id);
    expect(stores).toEqual(expect.arrayContaining([expect.stringMatching(/^Staging-Data\/Raw/), expect.stringMatching(/^Staging-Data\/ArchiveNestedStack.*\/Cold/)]));
    expect(inventory.gaps).toEqual([]);
  });

  it('uses the deployed stack name and the environment the manifest gives', () => {
    const [endpoint] = resourcesOfKind(inventory, 'endpoint');
    expect(endpoint).toMatchObject({ id: 'prod-inference/Endpoint', account: ACCOUNT, region: REGION });
    expect(inventory.scope).toEqual({ accounts: [ACCOUNT], regions: [REGION] });
    const [image] = valueOf(valueOf(endpoint.deployments)[0].images);
    expect(image.uri).toMatch(new RegExp(`^${ACCOUNT}\\.dkr\\.ecr\\.${REGION}\\.amazonaws\\.com/`));
    expect(image.registryAccount).toBe(ACCOUNT);
    expectEndpointReferencesJoin({ ...inventory, resources: inventory.resources.filter((r) => r.id.startsWith('prod-inference/')) });
    // An environment-agnostic stack keeps the placeholders.
    expect(resourcesOfKind(inventory, 'artifact-store').find((s) => s.id.startsWith('Staging-Data/Raw'))?.region).toBe('${AWS.Region}');
  });
});
