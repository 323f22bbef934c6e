/**
 * The stateful stack, synthesized once from the same `buildApp` that `cdk synth` runs: the table
 * matches the one table definition, data is retained and encrypted, and the user pool enforces
 * MFA and carries one group per role.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder.js';
import { divisionAttributeName } from '../../infra/stacks/stateful-stack.js';
import { roles } from '../../shared/auth/roles.js';
import { tableDefinition } from '../../shared/data/table-definition.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

describe('StatefulStack', () => {
  let workDir: string;
  let template: Template;

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'boai-stateful-'));
    const siteDir = path.join(workDir, 'site');
    mkdirSync(siteDir);
    writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><title>Boai</title>');
    const { app, stateful } = buildApp({
      outdir: path.join(workDir, 'cdk.out'),
      webAssetPath: siteDir,
      cognitoDomainPrefix: 'boai-test-prefix',
      // Bundling is covered by boai-function.test.ts and validation by app-compliance.test.ts;
      // skipping them (and construct stack traces) keeps this structural suite fast.
      nag: false,
      cloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-stack-trace': true },
    });
    app.synth();
    template = Template.fromStack(stateful);
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  describe('the table', () => {
    it('is the single table, keyed and indexed exactly as tableDefinition says', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      const indexes = tableDefinition.globalSecondaryIndexes;
      const keyAttributes = [
        tableDefinition.partitionKey,
        tableDefinition.sortKey,
        ...indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ];
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayEquals(
          keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        ),
        GlobalSecondaryIndexes: indexes.map((i) => ({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      });
    });

    it('streams both images, expires items by the TTL attribute and bills on demand', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        StreamSpecification: { StreamViewType: tableDefinition.streamViewType },
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
      });
    });

    it('is protected: point-in-time recovery, deletion protection, retained, customer-managed KMS key', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: {
            SSEEnabled: true,
            SSEType: 'KMS',
            KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
          },
        }),
      });
    });
  });

  describe('keys and topics', () => {
    it('retains every KMS key and rotates every encryption key, including the personal-data key', () => {
      const keys = Object.values(template.findResources('AWS::KMS::Key')) as Resource[];
      expect(keys.length).toBeGreaterThanOrEqual(4);
      for (const key of keys) {
        expect(key.DeletionPolicy).toBe('Retain');
        // KMS rotates symmetric encryption keys only; the HMAC lookup key is checked below.
        if (key.Properties['KeySpec'] === undefined || key.Properties['KeySpec'] === 'SYMMETRIC_DEFAULT') {
          expect(key.Properties['EnableKeyRotation']).toBe(true);
        }
      }
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/boai/personal-data' });
    });

    it('has one HMAC key for personal-data lookup hashes, usable only to generate and verify MACs', () => {
      const hmacKeys = Object.entries(template.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'HMAC_256' } })) as [string, Resource][];
      expect(hmacKeys).toHaveLength(1);
      const [logicalId, key] = hmacKeys[0]!;
      expect(logicalId).toMatch(/^PersonalDataLookupKey/);
      expect(key.Properties).toMatchObject({ KeyUsage: 'GENERATE_VERIFY_MAC', EnableKeyRotation: false });
      expect(key.DeletionPolicy).toBe('Retain');
      template.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: 'alias/boai/personal-data-lookup',
        TargetKeyId: { 'Fn::GetAtt': [logicalId, 'Arn'] },
      });
    });

    it('encrypts both alert topics with KMS and denies publishing without TLS', () => {
      template.resourceCountIs('AWS::SNS::Topic', 2);
      template.allResourcesProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MessagingKey'), 'Arn'] },
      });
      template.resourceCountIs('AWS::SNS::TopicPolicy', 2);
      template.allResourcesProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });
  });

  describe('buckets', () => {
    it('blocks public access, encrypts and retains every bucket', () => {
      // Web site, uploads, public media, access logs.
      template.resourceCountIs('AWS::S3::Bucket', 4);
      template.allResources('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.anyValue() })] },
        }),
      });
    });

    it('enforces TLS in every bucket policy', () => {
      template.resourceCountIs('AWS::S3::BucketPolicy', 4);
      template.allResourcesProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('lets only CloudFront distributions of this account read the web bucket', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Condition: {
                ArnLike: {
                  'AWS:SourceArn': {
                    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/*']],
                  },
                },
              },
            }),
          ]),
        },
      });
    });
  });

  describe('the user pool', () => {
    it('requires TOTP MFA, a strong password and administrator-created accounts', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        DeletionProtection: 'ACTIVE',
      });
      template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    });

    it('signs staff in by case-insensitive user name, with a verified email accepted as an alias', () => {
      // User names like `zhang.li` (README); fixed for the pool's lifetime, so pinned here.
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AliasAttributes: ['email'],
        UsernameAttributes: Match.absent(),
        UsernameConfiguration: { CaseSensitive: false },
        AutoVerifiedAttributes: ['email'],
      });
    });

    it('defines the 12-character custom division attribute', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        Schema: Match.arrayWith([
          {
            Name: divisionAttributeName,
            AttributeDataType: 'String',
            Mutable: true,
            StringAttributeConstraints: { MinLength: '12', MaxLength: '12' },
          },
        ]),
      });
    });

    it('has exactly one group per role, named after the role', () => {
      const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as Resource[];
      const names = groups.map((g) => g.Properties['GroupName']);
      expect([...names].sort()).toEqual([...roles].sort());
    });

    it('takes the hosted-UI domain prefix from the app options', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'boai-test-prefix' });
    });
  });
});
