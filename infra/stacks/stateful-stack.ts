/**
 * The stateful stack: everything whose loss would lose data or identities. It changes rarely, is
 * retained on stack deletion, and is consumed by the stateless stack through {@link StatefulResources}.
 *
 * - the single DynamoDB table, built from the one table definition (DESIGN §4.2)
 * - KMS keys: data at rest (table, uploads), personal-data envelope encryption and lookup HMAC
 *   (§4.9), messaging
 * - SNS topics for mobilisation alerts and workflow escalations
 * - buckets: web site, uploads/photos, public media (typical cases' photos), server access logs
 * - the Cognito user pool (one group per role, `custom:division`, MFA required) and its domain
 */
import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { roleNames, roles } from '../../shared/auth/roles.js';
import { tableDefinition } from '../../shared/data/table-definition.js';
import { acknowledge } from '../constructs/acknowledge.js';

/** Name of the custom Cognito attribute holding the 12-digit division code (`custom:division`). */
export const divisionAttributeName = 'division';

/** What the stateless stack needs from the stateful one. */
export interface StatefulResources {
  readonly table: dynamodb.ITable;
  /** Customer-managed key for DynamoDB and the uploads bucket. */
  readonly dataKey: kms.IKey;
  /** Customer-managed key wrapping the data keys that encrypt personal data fields (§4.9). */
  readonly personalDataKey: kms.IKey;
  /** HMAC key (HMAC_256, GENERATE_VERIFY_MAC) for keyed lookup hashes of personal data (§4.9). */
  readonly personalDataLookupKey: kms.IKey;
  readonly mobilisationAlertsTopic: sns.ITopic;
  readonly workflowEscalationsTopic: sns.ITopic;
  /** Customer-managed key of the SNS topics (publishers need it). */
  readonly messagingKey: kms.IKey;
  /** Origin of the web distribution (private; read by CloudFront through OAC only). */
  readonly webBucket: s3.IBucket;
  /** Photos and documents uploaded by staff and volunteers (KMS-encrypted, versioned). */
  readonly uploadsBucket: s3.IBucket;
  /**
   * Photos the public site shows (typical cases), served by CloudFront under `/media/*` through
   * OAC; written and deleted only by the `cases` function, under `cases/`.
   */
  readonly mediaBucket: s3.IBucket;
  /** Destination of S3 server access logs and CloudFront standard logs. */
  readonly logsBucket: s3.IBucket;
  readonly userPool: cognito.IUserPool;
  /** Hosted-UI domain of {@link userPool}. */
  readonly userPoolDomain: cognito.UserPoolDomain;
}

/** Properties of {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  /**
   * Prefix of the Cognito hosted-UI domain (`<prefix>.auth.<region>.amazoncognito.com`); must be
   * unique in the region and must not contain `aws`, `amazon` or `cognito`.
   * @default context `boai:cognitoDomainPrefix`, else `boai-<account id>`
   */
  readonly cognitoDomainPrefix?: string;
  /**
   * Puts the user pool on the Cognito Plus feature plan with threat protection (compromised
   * credentials, adaptive authentication) in full-function mode. Off by default; see the
   * AwsSolutions-COG8 acknowledgement below for why.
   * @default context `boai:cognitoThreatProtection` === true, else false
   */
  readonly threatProtection?: boolean;
}

/** The stateful stack. See the module comment. */
export class StatefulStack extends Stack implements StatefulResources {
  public readonly table: dynamodb.Table;
  public readonly dataKey: kms.Key;
  public readonly personalDataKey: kms.Key;
  public readonly personalDataLookupKey: kms.Key;
  public readonly messagingKey: kms.Key;
  public readonly mobilisationAlertsTopic: sns.Topic;
  public readonly workflowEscalationsTopic: sns.Topic;
  public readonly logsBucket: s3.Bucket;
  public readonly webBucket: s3.Bucket;
  public readonly uploadsBucket: s3.Bucket;
  public readonly mediaBucket: s3.Bucket;
  public readonly userPool: cognito.UserPool;
  public readonly userPoolDomain: cognito.UserPoolDomain;
  /** One Cognito group per role in `shared/auth/roles.ts`, keyed by role. */
  public readonly groups: Readonly<Record<(typeof roles)[number], cognito.UserPoolGroup>>;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);

    // ---- Keys. Retained: deleting a key makes everything it encrypted unreadable.
    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: 'alias/boai/data',
      description: 'Boai data at rest: DynamoDB table and uploads bucket',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.personalDataKey = new kms.Key(this, 'PersonalDataKey', {
      alias: 'alias/boai/personal-data',
      description: 'Boai envelope encryption of personal data fields (ID numbers, phones, health data)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Keyed hashes for exact-match lookups (one phone per branch) without storing the value: KMS
    // GenerateMac, so the HMAC key never leaves KMS. HMAC keys cannot rotate automatically (KMS
    // rotates symmetric encryption keys only, and a rotated HMAC key would change every stored
    // hash); replacing it means re-hashing the lookup items from their sealed values.
    this.personalDataLookupKey = new kms.Key(this, 'PersonalDataLookupKey', {
      alias: 'alias/boai/personal-data-lookup',
      description: 'Boai keyed lookup hashes of personal data (HMAC-SHA256 via GenerateMac)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      enableKeyRotation: false,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.messagingKey = new kms.Key(this, 'MessagingKey', {
      alias: 'alias/boai/messaging',
      description: 'Boai SNS topics (mobilisation alerts, workflow escalations)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = this.buildTable();

    // ---- Topics. KMS-encrypted; the topic policy also denies publishing over plain HTTP.
    this.mobilisationAlertsTopic = new sns.Topic(this, 'MobilisationAlerts', {
      displayName: 'Boai mobilisation alerts',
      masterKey: this.messagingKey,
      enforceSSL: true,
    });
    this.workflowEscalationsTopic = new sns.Topic(this, 'WorkflowEscalations', {
      displayName: 'Boai pilot workflow escalations',
      masterKey: this.messagingKey,
      enforceSSL: true,
    });

    // ---- Buckets.
    this.logsBucket = new s3.Bucket(this, 'LogsBucket', {
      // S3 server access logs only support SSE-S3 on the target bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL grant, which needs ACLs enabled.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.logsBucket, {
      id: 'AwsSolutions-S1',
      reason:
        'This is the server-access-log destination for the other buckets and CloudFront; logging its own access would log every log delivery in a loop.',
    });

    this.webBucket = new s3.Bucket(this, 'WebBucket', {
      // Public site files only (no personal data): SSE-S3 lets CloudFront OAC read without a key grant.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 's3/web/',
      lifecycleRules: [{ id: 'expire-old-site-versions', noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudFront (OAC) may read objects, but only on behalf of a distribution in this account.
    // The distribution lives in the stateless stack, which depends on this one; naming its exact
    // ARN here would make the two stacks depend on each other, so the condition matches this
    // account's distributions instead and the stateless stack imports the bucket (see WebSite).
    this.webBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudFrontOriginAccessControlRead',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.webBucket.arnForObjects('*')],
        conditions: {
          ArnLike: {
            'AWS:SourceArn': this.formatArn({
              service: 'cloudfront',
              region: '',
              resource: 'distribution',
              resourceName: '*',
            }),
          },
        },
      }),
    );

    this.uploadsBucket = new s3.Bucket(this, 'UploadsBucket', {
      // Photos and proof-of-delivery documents may show people: encrypt with the data key.
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 's3/uploads/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { id: 'expire-replaced-versions', noncurrentVersionExpiration: Duration.days(90) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Photos for the public site (typical cases). A bucket of its own, apart from the uploads:
    // these objects are meant to be public, so CloudFront reads them through OAC and SSE-S3 needs
    // no key grant for that, while the uploads bucket keeps its KMS key for what must stay private.
    // Not versioned on purpose: a key is never overwritten (each upload gets a new ULID), and a
    // photo removed from a case — e.g. because the person shown withdrew consent — must really be
    // gone, which a retained noncurrent version would defeat. Deletes are deliberate staff actions,
    // recorded in the audit log.
    this.mediaBucket = new s3.Bucket(this, 'MediaBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 's3/media/',
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudFront (OAC) reads on behalf of this account's distributions only, as for the web bucket.
    this.mediaBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudFrontOriginAccessControlRead',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.mediaBucket.arnForObjects('*')],
        conditions: {
          ArnLike: {
            'AWS:SourceArn': this.formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: '*' }),
          },
        },
      }),
    );

    // ---- Identity.
    // Context from `-c key=value` arrives as a string, from cdk.json as a boolean.
    const contextThreat: unknown = this.node.tryGetContext('boai:cognitoThreatProtection');
    const threatProtection = props.threatProtection ?? (contextThreat === true || contextThreat === 'true');
    this.userPool = this.buildUserPool(threatProtection);
    this.groups = Object.fromEntries(
      roles.map((role, index) => [
        role,
        new cognito.UserPoolGroup(this, `Group-${role}`, {
          userPool: this.userPool,
          groupName: role,
          description: `${roleNames[role].zh} / ${roleNames[role].en}`,
          // Lower precedence wins `cognito:preferred_role`; follow the order of `roles`.
          precedence: index,
        }),
      ]),
    ) as Record<(typeof roles)[number], cognito.UserPoolGroup>;

    const contextPrefix: unknown = this.node.tryGetContext('boai:cognitoDomainPrefix');
    const domainPrefix =
      props.cognitoDomainPrefix ??
      (typeof contextPrefix === 'string' && contextPrefix.length > 0
        ? contextPrefix
        : Fn.join('-', ['boai', Aws.ACCOUNT_ID]));
    this.userPoolDomain = this.userPool.addDomain('HostedUiDomain', {
      cognitoDomain: { domainPrefix },
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UploadsBucketName', { value: this.uploadsBucket.bucketName });
    new CfnOutput(this, 'MediaBucketName', { value: this.mediaBucket.bucketName });
  }

  /** The table, from `tableDefinition` only: keys, GSIs, stream and TTL are not restated here. */
  private buildTable(): dynamodb.Table {
    const str = dynamodb.AttributeType.STRING;
    const table = new dynamodb.Table(this, tableDefinition.logicalName, {
      partitionKey: { name: tableDefinition.partitionKey, type: str },
      sortKey: { name: tableDefinition.sortKey, type: str },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType[tableDefinition.streamViewType],
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: str },
        sortKey: { name: index.sortKey, type: str },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  /**
   * Staff (and, for now, volunteer) identities. Accounts are created by administrators (no self
   * sign-up); every sign-in needs a TOTP second factor because staff tokens reach personal data.
   */
  private buildUserPool(threatProtection: boolean): cognito.UserPool {
    const pool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: 'boai-staff',
      selfSignUpEnabled: false,
      // Staff sign in with an administrator-chosen user name (`zhang.li`); a verified email is
      // accepted as an alias. Sign-in aliases cannot change once the pool exists (a new pool means
      // re-creating every account), so this is the pool's permanent choice.
      signInAliases: { username: true, email: true },
      // `Zhang.Li` and `zhang.li` are the same account.
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        // 12-digit statistical division code; the scope of every staff action (DESIGN §5, §4.8).
        [divisionAttributeName]: new cognito.StringAttribute({ minLen: 12, maxLen: 12, mutable: true }),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: '博爱平台账号 / Your Boai account',
        emailBody:
          '您的博爱平台账号已创建。用户名：{username}，临时密码：{####}（3 天内有效）。<br/>' +
          'Your Boai account is ready. Username: {username}, temporary password: {####} (valid for 3 days).',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(threatProtection
        ? {
            featurePlan: cognito.FeaturePlan.PLUS,
            standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
          }
        : { featurePlan: cognito.FeaturePlan.ESSENTIALS }),
    });
    if (!threatProtection) {
      acknowledge(pool, {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Cognito Plus plan (billed per MAU). The pool has no self sign-up, MFA (TOTP) is required for every user and passwords need 12+ characters of all classes, which covers credential stuffing for an administrator-provisioned staff pool; enable with context boai:cognitoThreatProtection=true where the Plus plan is available and budgeted.',
      });
    }
    return pool;
  }
}
