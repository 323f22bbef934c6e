/**
 * The public media bucket of typical cases' photos, end to end in the templates: the bucket in
 * the stateful stack (encrypted, private, TLS only, access-logged, unversioned on purpose,
 * readable by this account's CloudFront only), the `/media/*` behaviour with Origin Access Control
 * and its path function, and the least-privilege grant: only the `cases` function may put and
 * delete, only under `cases/`.
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Construct } from 'constructs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BoaiApp } from '../../infra/app-builder.js';
import { mediaPathFunctionCode } from '../../infra/constructs/boai-web-site.js';
import { mediaObjectActions } from '../../infra/constructs/media-bucket.js';
import { functionNames } from '../../shared/http/routes.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

describe('the public media bucket', () => {
  let workDir: string;
  let built: BoaiApp;
  let stateful: Template;
  let stateless: Template;
  const idIn = (stack: Stack, construct: Construct): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'boai-media-infra-'));
    const siteDir = path.join(workDir, 'site');
    mkdirSync(siteDir);
    writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><title>Boai</title>');
    built = buildApp({
      outdir: path.join(workDir, 'cdk.out'),
      webAssetPath: siteDir,
      nag: false,
      cloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-stack-trace': true },
    });
    built.app.synth();
    stateful = Template.fromStack(built.stateful);
    stateless = Template.fromStack(built.stateless);
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('is encrypted, private, access-logged, retained and not versioned', () => {
    const id = idIn(built.stateful, built.stateful.mediaBucket);
    const bucket = stateful.toJSON().Resources[id] as Resource;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: idIn(built.stateful, built.stateful.logsBucket) }, LogFilePrefix: 's3/media/' },
    });
    // Removed photos must really be gone (consent withdrawn): no noncurrent versions kept.
    expect(bucket.Properties['VersioningConfiguration']).toBeUndefined();
  });

  it('refuses plain HTTP and lets only CloudFront distributions of this account read', () => {
    const id = idIn(built.stateful, built.stateful.mediaBucket);
    const policy = Object.values(stateful.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: id } } }))[0] as Resource;
    const statements = (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Condition: { ArnLike: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/*']] } } },
        }),
      ]),
    );
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows.map((statement) => statement.Principal)).toEqual([{ Service: 'cloudfront.amazonaws.com' }]);
  });

  it('is served under /media/* through Origin Access Control, GET and HEAD only, with the security headers', () => {
    const distribution = Object.values(stateless.findResources('AWS::CloudFront::Distribution'))[0] as Resource;
    const config = distribution.Properties['DistributionConfig'] as {
      Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
      CacheBehaviors: { PathPattern: string; TargetOriginId: string; [key: string]: unknown }[];
    };
    const behavior = config.CacheBehaviors.find((candidate) => candidate.PathPattern === '/media/*');
    expect(behavior).toBeDefined();
    expect(behavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD'],
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: idIn(built.stateless, built.stateless.site.responseHeadersPolicy) },
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [idIn(built.stateless, built.stateless.site.mediaPath!), 'FunctionARN'] } }],
    });
    const origin = config.Origins.find((candidate) => candidate.Id === behavior!.TargetOriginId)!;
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(JSON.stringify(origin.DomainName)).toMatch(/MediaBucket/);
    stateless.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: mediaPathFunctionCode, FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }) });
  });

  it('maps /media/<key> to the object <key> at the edge', () => {
    const handler = new Function(`${mediaPathFunctionCode}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri: '/media/cases/01J0000000000000000000000Z/01J0000000000000000000001Z.jpg' } }).uri).toBe(
      '/cases/01J0000000000000000000000Z/01J0000000000000000000001Z.jpg',
    );
  });

  it('may be written by the cases function only: put and delete under cases/, nothing else', () => {
    const s3Grants = (name: (typeof functionNames)[number]): Statement[] => {
      const role = built.stateless.functions[name].role;
      const policies = Object.values(stateless.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: idIn(built.stateless, role) }] } })) as Resource[];
      return policies
        .flatMap((p) => (p.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement)
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')));
    };
    for (const name of functionNames) {
      const grants = s3Grants(name);
      const variables = (
        (stateless.toJSON().Resources[idIn(built.stateless, built.stateless.functions[name].function)] as Resource).Properties['Environment'] as { Variables: Record<string, unknown> }
      ).Variables;
      if (name !== 'cases') {
        expect(grants, name).toEqual([]);
        expect(variables['MEDIA_BUCKET'], name).toBeUndefined();
        continue;
      }
      expect(grants).toEqual([
        {
          Sid: 'BoaiMediaWrite',
          Effect: 'Allow',
          Action: [...mediaObjectActions].sort(),
          Resource: { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'BoaiStateful-MediaBucketArn' }, '/cases/*']] },
        },
      ]);
      expect(JSON.stringify(variables['MEDIA_BUCKET'])).toContain('BoaiStateful-MediaBucketArn');
    }
    expect(mediaObjectActions).toEqual(['s3:PutObject', 's3:DeleteObject']);
  });
});
