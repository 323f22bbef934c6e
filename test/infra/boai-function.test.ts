/**
 * BoaiFunction on its own, with real esbuild bundling of a stub entry written to a temp folder:
 * the bundle must be ESM (`index.mjs` + source map), start with the `require` shim, load in Node
 * and answer through the exported handler; the function must be nodejs24.x on arm64.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoaiFunction,
  personalDataKeyActions,
  personalDataLookupKeyActions,
  tableActions,
  tableKeyActions,
  xrayActions,
} from '../../infra/constructs/boai-function.js';
import { repoRoot } from '../../infra/constructs/repo-paths.js';

describe('BoaiFunction', () => {
  let workDir: string;
  let template: Template;
  let bundleDir: string;

  beforeAll(() => {
    // Arrange: a stub entry in a temp folder (never in functions/), bundled for real.
    workDir = mkdtempSync(path.join(tmpdir(), 'boai-fn-'));
    const functionsDir = path.join(workDir, 'functions');
    mkdirSync(path.join(functionsDir, 'platform'), { recursive: true });
    writeFileSync(
      path.join(functionsDir, 'platform', 'index.ts'),
      "export const handler = async (): Promise<{ statusCode: number; body: string }> => ({ statusCode: 200, body: 'stub' });\n",
    );
    // NodejsFunction wants the entry under a project root that holds a lock file, and runs the
    // project's esbuild (`npx --no-install esbuild`) from there: link the repo's node_modules.
    writeFileSync(path.join(workDir, 'package-lock.json'), JSON.stringify({ name: 'stub', lockfileVersion: 3, packages: {} }));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
    const outdir = path.join(workDir, 'cdk.out');
    const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'FunctionUnderTest');
    const table = new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
    });

    // Act
    const fn = new BoaiFunction(stack, 'Platform', { domain: 'platform', table, tableAccess: 'readWrite', functionsDir, projectRoot: workDir });
    const assembly = app.synth();
    template = Template.fromStack(stack);
    // The function's asset path (a folder in the cloud assembly) is in its resource metadata.
    const resources = (assembly.getStackByName('FunctionUnderTest').template as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
    }).Resources;
    const functionId = stack.getLogicalId(fn.function.node.defaultChild as CfnElement);
    bundleDir = path.join(outdir, resources[functionId]?.Metadata?.['aws:asset:path'] ?? 'missing');
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('runs on nodejs24.x, arm64, with tracing, 512 MB, 10 s and the standard environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogGroup: Match.anyValue(), LogFormat: 'JSON' }),
      Environment: {
        Variables: {
          TABLE_NAME: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: 'boai-platform',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('uses its own role with no managed policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('defines the access levels as exactly the actions Boai uses', () => {
    // Readers: item reads and queries only (the health check is a GetItem; nothing describes the table).
    expect([...tableActions.read].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    // Writers add item writes, and ConditionCheckItem for the condition checks of TransactWriteItems.
    expect([...tableActions.readWrite].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('keeps the X-Ray grant (Resource "*") in a policy of its own, which the function waits for', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [
      string,
      { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } },
    ][];
    const wildcard = policies.filter(([, p]) => p.Properties.PolicyDocument.Statement.some((st) => st.Resource === '*'));
    expect(wildcard).toHaveLength(1);
    const [xrayPolicyId, xrayPolicy] = wildcard[0]!;
    expect(xrayPolicyId).toMatch(/XRayPolicy/);
    const statements = xrayPolicy.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Resource: '*' });
    expect([statements[0]!.Action].flat().sort()).toEqual([...xrayActions].sort());
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as { DependsOn?: string[] };
    expect(fn.DependsOn).toContain(xrayPolicyId);
  });

  it('grants exactly the readWrite table actions, and never Scan', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement,
    );
    const dynamoActions = statements
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .filter((a) => a.startsWith('dynamodb:'));
    expect([...dynamoActions].sort()).toEqual([...tableActions.readWrite].sort());
    expect(dynamoActions).not.toContain('dynamodb:Scan');
  });

  it('bundles minified ESM with a source map and the require shim', () => {
    const bundlePath = path.join(bundleDir, 'index.mjs');
    expect(existsSync(bundlePath)).toBe(true);
    expect(existsSync(path.join(bundleDir, 'index.mjs.map'))).toBe(true);
    const bundle = readFileSync(bundlePath, 'utf8');
    expect(bundle.startsWith("import { createRequire as __boaiCreateRequire } from 'node:module';")).toBe(true);
  });

  it('produces a bundle Node loads as ESM and whose handler answers', async () => {
    const mod = (await import(pathToFileURL(path.join(bundleDir, 'index.mjs')).href)) as {
      handler: () => Promise<{ statusCode: number; body: string }>;
    };
    await expect(mod.handler()).resolves.toEqual({ statusCode: 200, body: 'stub' });
  });

  describe('cdk-nag', () => {
    it('still fails a wildcard grant added to the role later (the X-Ray acknowledgement does not cover it)', () => {
      // Arrange: a compliant function (no bundling needed to inspect the role).
      const app = new App({ outdir: path.join(workDir, 'wildcard.out'), context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new Stack(app, 'Wildcard');
      const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING } });
      const fn = new BoaiFunction(stack, 'Platform', {
        domain: 'platform',
        table,
        tableAccess: 'read',
        functionsDir: path.join(workDir, 'functions'),
        projectRoot: workDir,
      });
      expect(new AwsSolutionsChecks().validateScope(fn).violations).toEqual([]);

      // Act: a careless grant on the role.
      fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      const report = new AwsSolutionsChecks().validateScope(fn);

      // Assert
      expect(
        report.violations.map((v) => ({
          rule: v.ruleName,
          severity: v.severity,
          paths: v.violatingResources.map((r) => r.constructPath),
        })),
      ).toEqual([
        { rule: 'AwsSolutions-IAM5[Resource::*]', severity: 'error', paths: ['Wildcard/Platform/Role/DefaultPolicy/Resource'] },
      ]);
    });
  });

  describe('with personal-data access', () => {
    it('may generate data keys and decrypt with the personal-data key only, and knows its ARN', () => {
      // Arrange: no bundling needed to inspect the role (the entry must still exist).
      const app = new App({ outdir: path.join(workDir, 'pii.out'), context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new Stack(app, 'PersonalData');
      const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING } });
      const key = new kms.Key(stack, 'PersonalDataKey', { enableKeyRotation: true });

      // Act
      const fn = new BoaiFunction(stack, 'Identity', {
        domain: 'platform',
        table,
        tableAccess: 'read',
        functionsDir: path.join(workDir, 'functions'),
        projectRoot: workDir,
        personalData: { key, access: 'encryptDecrypt' },
      });
      const pii = Template.fromStack(stack);

      // Assert
      pii.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PERSONAL_DATA_KEY_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PersonalDataKey'), 'Arn'] } }) },
      });
      const kmsStatements = Object.values(pii.findResources('AWS::IAM::Policy'))
        .flatMap(
          (p) =>
            (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } })
              .Properties.PolicyDocument.Statement,
        )
        .map((st) => ({ actions: [st.Action].flat(), resource: st.Resource }))
        .filter((st) => st.actions.some((a) => a.startsWith('kms:')));
      expect(kmsStatements).toHaveLength(1);
      expect([...kmsStatements[0]!.actions].sort()).toEqual([...personalDataKeyActions.encryptDecrypt].sort());
      expect(kmsStatements[0]!.resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PersonalDataKey/), 'Arn'] });
      // cdk-nag over the function's own subtree (role, policy, log group, function).
      const report = new AwsSolutionsChecks().validateScope(fn);
      expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    });

    it('with a lookup key, may also generate MACs with that HMAC key only, and knows its ARN', () => {
      // Arrange
      const app = new App({ outdir: path.join(workDir, 'pii-mac.out'), context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new Stack(app, 'PersonalDataLookup');
      const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING } });
      const key = new kms.Key(stack, 'PersonalDataKey', { enableKeyRotation: true });
      const lookupKey = new kms.Key(stack, 'LookupKey', { keySpec: kms.KeySpec.HMAC_256, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC });

      // Act
      const fn = new BoaiFunction(stack, 'Members', {
        domain: 'platform',
        table,
        tableAccess: 'readWrite',
        functionsDir: path.join(workDir, 'functions'),
        projectRoot: workDir,
        personalData: { key, access: 'encryptDecrypt', lookupKey },
      });
      const pii = Template.fromStack(stack);

      // Assert
      pii.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            PERSONAL_DATA_KEY_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PersonalDataKey'), 'Arn'] },
            PERSONAL_DATA_HMAC_KEY_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LookupKey'), 'Arn'] },
          }),
        },
      });
      const grants = Object.values(pii.findResources('AWS::IAM::Policy'))
        .flatMap(
          (p) =>
            (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: { 'Fn::GetAtt'?: string[] } }[] } } })
              .Properties.PolicyDocument.Statement,
        )
        .flatMap((st) => [st.Action].flat().map((action) => `${action} @ ${st.Resource['Fn::GetAtt']?.[0]?.replace(/[0-9A-F]{8}$/, '') ?? '?'}`))
        .filter((grant) => grant.startsWith('kms:'))
        .sort();
      expect(grants).toEqual(
        [
          ...personalDataKeyActions.encryptDecrypt.map((action) => `${action} @ PersonalDataKey`),
          ...personalDataLookupKeyActions.map((action) => `${action} @ LookupKey`),
        ].sort(),
      );
      expect(new AwsSolutionsChecks().validateScope(fn).violations.map((v) => v.ruleName)).toEqual([]);
    });
  });

  describe('with a table encrypted by a customer-managed key', () => {
    it.each(['read', 'readWrite'] as const)('grants the %s key actions by name, with no wildcard for cdk-nag to flag', (access) => {
      const app = new App({ outdir: path.join(workDir, `cmk-${access}.out`), context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new Stack(app, `Cmk${access}`);
      const tableKey = new kms.Key(stack, 'TableKey', { enableKeyRotation: true });
      const table = new dynamodb.Table(stack, 'Table', {
        partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: tableKey,
      });
      const fn = new BoaiFunction(stack, 'Fn', {
        domain: 'platform',
        table,
        tableAccess: access,
        functionsDir: path.join(workDir, 'functions'),
        projectRoot: workDir,
      });
      const kmsActions = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
        .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement)
        .flatMap((st) => [st.Action].flat())
        .filter((action) => action.startsWith('kms:'));
      expect([...kmsActions].sort()).toEqual([...tableKeyActions[access]].sort());
      expect(kmsActions.some((action) => action.includes('*'))).toBe(false);
      expect(new AwsSolutionsChecks().validateScope(fn).violations.map((v) => v.ruleName)).toEqual([]);
    });
  });
});
