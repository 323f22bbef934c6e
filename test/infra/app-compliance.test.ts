/**
 * Compliance of the whole app as `cdk synth` builds it (cdk-nag AwsSolutions and CDK's
 * CloudFormation validation both on):
 * - no violation of any severity is left unacknowledged, and no construct warns
 * - every acknowledgement is a reviewed one, with a reason, and `Resource::*` is accepted only on
 *   the constructs that need it
 * - no hard-coded `arn:aws:` partition, and a China-region build resolves to `aws-cn`
 * - a negative control proves the checks really run: a deliberately non-compliant resource fails
 *   synthesis and shows up in the report.
 *
 * cdk-nag v3 is a CDK validation plugin: findings are written to `validation-report.json` in the
 * cloud assembly, and errors make `app.synth()` throw. Tests read that report.
 */
import { type CfnElement, Validations, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BoaiApp } from '../../infra/app-builder.js';

/** The parts of `validation-report.json` these tests read. */
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs?: { constructPath: string }[] }[];
  }[];
}

/** One finding per rule and construct, e.g. `error AwsSolutions-S1 @ BoaiStateful/Broken/Resource`. */
function findings(outdir: string): string[] {
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) =>
      (v.violatingConstructs ?? [{ constructPath: '?' }]).map(
        (c) => `${v.severity} ${v.ruleName} @ ${c.constructPath} (${plugin.pluginName})`,
      ),
    ),
  );
}

/** Every acknowledgement recorded in the tree: rule id → where (construct path) and why. */
function acknowledgements(root: IConstruct): Map<string, { path: string; reason: string }[]> {
  const acks = new Map<string, { path: string; reason: string }[]>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const ruleId = id.replace(/^annotation::/i, '');
        acks.set(ruleId, [...(acks.get(ruleId) ?? []), { path: construct.node.path, reason }]);
      }
    }
  }
  return acks;
}

/** Accepted findings, reviewed one by one; a new acknowledgement must be added here on purpose. */
const reviewedAcknowledgements = [
  '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
  'AwsSolutions-APIG4',
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR4',
  'AwsSolutions-COG4',
  'AwsSolutions-COG8',
  'AwsSolutions-IAM5[Action::s3:Abort*]',
  'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
  'AwsSolutions-IAM5[Action::s3:GetBucket*]',
  'AwsSolutions-IAM5[Action::s3:GetObject*]',
  'AwsSolutions-IAM5[Action::s3:List*]',
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-IAM5[Resource::BoaiStateful-MediaBucketArn/cases/*]',
  'AwsSolutions-IAM5[Resource::BoaiStateful-WebBucketArn/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
  'AwsSolutions-L1',
  'AwsSolutions-S1',
  'AwsSolutions-SQS3',
].sort();

/** A temp folder with a built-site stand-in, and a cloud assembly folder beside it. */
function workspace(prefix: string): { dir: string; siteDir: string; outdir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const siteDir = path.join(dir, 'site');
  mkdirSync(siteDir);
  writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><title>Boai</title>');
  return { dir, siteDir, outdir: path.join(dir, 'cdk.out') };
}

const noStackTraces = { 'aws:cdk:disable-stack-trace': true };

describe('the Boai app as cdk synth builds it', () => {
  let ws: ReturnType<typeof workspace>;
  let built: BoaiApp;
  let stacks: Stack[];

  beforeAll(() => {
    ws = workspace('boai-compliance-');
    built = buildApp({
      outdir: ws.outdir,
      webAssetPath: ws.siteDir,
      context: {
        // Bundling does not change what the checks see; it is covered by boai-function.test.ts.
        'aws:cdk:bundling-stacks': [],
        ...noStackTraces,
        // Report errors in validation-report.json instead of throwing, so a failure lists them all.
        '@aws-cdk/core:failSynthOnValidationErrors': false,
      },
    });
    built.app.synth();
    stacks = [built.stateful, built.stateless];
  });

  afterAll(() => {
    rmSync(ws.dir, { recursive: true, force: true });
  });

  it('leaves no cdk-nag or CloudFormation validation finding, error or warning, unacknowledged', () => {
    expect(findings(ws.outdir)).toEqual([]);
  });

  it('emits no construct warnings or errors', () => {
    // The messages of the already-synthesized assembly (Annotations.fromStack would synthesize again).
    const assembly = built.app.synth();
    for (const stack of stacks) {
      const messages = assembly
        .getStackArtifact(stack.artifactId)
        .messages.filter((m) => m.level !== 'info')
        .map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`);
      expect(messages).toEqual([]);
    }
  });

  it('acknowledges only the reviewed rules, each with a specific reason', () => {
    const acks = acknowledgements(built.app);
    // The state machine invokes its task function by any version: `<function ARN>:*`.
    const tasks = built.stateless.pilotWorkflow.tasksFunction.function.node.defaultChild as CfnElement;
    const invokeAnyVersion = `AwsSolutions-IAM5[Resource::<${built.stateless.getLogicalId(tasks)}.Arn>:*]`;
    expect([...acks.keys()].sort()).toEqual([...reviewedAcknowledgements, invokeAnyVersion].sort());
    for (const entries of acks.values()) {
      for (const { reason } of entries) expect(reason.length).toBeGreaterThan(40);
    }
  });

  it('accepts Resource "*" only on the X-Ray policies, ListStreams and the site deployment role, never on a whole function', () => {
    const paths = (acknowledgements(built.app).get('AwsSolutions-IAM5[Resource::*]') ?? []).map((a) => a.path).sort();
    expect(paths).toEqual(
      [
        ...Object.values(built.stateless.functions).map((fn) => fn.xrayPolicy.node.path),
        built.stateless.pilotWorkflow.tasksFunction.xrayPolicy.node.path,
        built.stateless.outboxRelay.relayFunction.xrayPolicy.node.path,
        // dynamodb:ListStreams, which the relay's stream subscription needs, has no resource-level
        // permissions: in a policy of its own, so the relay role's default policy stays checked.
        built.stateless.outboxRelay.streamPolicy.node.path,
        // Step Functions' log delivery and X-Ray actions have no resource-level permissions.
        'BoaiStateless/PilotWorkflow/StateMachine/Role',
        'BoaiStateless/WebSite/DeploymentRole',
      ].sort(),
    );
    expect(paths.filter((p) => p.endsWith('/XRayPolicy'))).toHaveLength(Object.keys(built.stateless.functions).length + 2);
  });

  it('hard-codes no partition: no "arn:aws:" in either template', () => {
    for (const stack of stacks) {
      expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('arn:aws:');
    }
  });
});

describe('a China-region build', () => {
  it('resolves every ARN and endpoint to the aws-cn partition', () => {
    const ws = workspace('boai-cn-');
    try {
      const { app, stateful, stateless } = buildApp({
        outdir: ws.outdir,
        webAssetPath: ws.siteDir,
        env: { region: 'cn-north-1' },
        nag: false,
        cloudFormationValidation: false,
        context: { 'aws:cdk:bundling-stacks': [], ...noStackTraces },
      });
      app.synth();
      const statefulJson = JSON.stringify(Template.fromStack(stateful).toJSON());
      const statelessJson = JSON.stringify(Template.fromStack(stateless).toJSON());
      for (const json of [statefulJson, statelessJson]) expect(json).not.toContain('arn:aws:');
      expect(statefulJson).toContain('arn:aws-cn:cloudfront::');
      // The URL suffix stays the AWS::URLSuffix pseudo parameter: amazonaws.com.cn at deploy time.
      Template.fromStack(stateless).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        JwtConfiguration: {
          Issuer: {
            'Fn::Join': ['', ['https://cognito-idp.cn-north-1.', { Ref: 'AWS::URLSuffix' }, '/', Match.anyValue()]],
          },
        },
      });
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});

describe('negative control', () => {
  it('fails synthesis on a non-compliant resource and reports its errors and warnings', () => {
    const ws = workspace('boai-nag-negative-');
    try {
      const { app, stateful, stateless } = buildApp({
        outdir: ws.outdir,
        webAssetPath: ws.siteDir,
        cloudFormationValidation: false,
        context: { 'aws:cdk:bundling-stacks': [], ...noStackTraces },
      });
      // Deliberately broken: no access logs, no TLS enforcement (errors); no PITR (a warning); a
      // wildcard grant on a domain function's role, beside its acknowledged X-Ray policy (an error).
      new s3.Bucket(stateful, 'Broken', { enforceSSL: false });
      new dynamodb.Table(stateful, 'NoPitr', { partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING } });
      stateless.functions.platform.role.addToPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));

      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
      const reported = findings(ws.outdir);
      expect(reported).toContain('error AwsSolutions-S1 @ BoaiStateful/Broken/Resource (AwsSolutions)');
      expect(reported).toContain('error AwsSolutions-S10 @ BoaiStateful/Broken/Resource (AwsSolutions)');
      expect(reported).toContain('warning AwsSolutions-DDB3 @ BoaiStateful/NoPitr/Resource (AwsSolutions)');
      expect(reported).toContain(
        'error AwsSolutions-IAM5[Resource::*] @ BoaiStateless/PlatformFunction/Role/DefaultPolicy/Resource (AwsSolutions)',
      );
      // Only the broken resources are reported: the rest of the app stays clean.
      expect(
        reported.every((f) =>
          /@ (BoaiStateful\/(Broken|NoPitr)|BoaiStateless\/PlatformFunction\/Role\/DefaultPolicy)\//.test(f),
        ),
      ).toBe(true);
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});
