/**
 * `BoaiFunction`: the one way Boai defines a domain Lambda.
 *
 * It fixes what every function must share (runtime, architecture, ESM bundling, tracing, log
 * retention, environment) and binds the single table with least privilege in one call, so a new
 * domain function is a few lines in the stateless stack and cannot drift from the others.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { tableDefinition } from '../../shared/data/table-definition.js';
import type { FunctionName } from '../../shared/http/routes.js';
import { acknowledge } from './acknowledge.js';
import { lambdaBundling } from './lambda-bundling.js';
import { defaultFunctionsDir, lockFilePath, repoRoot, tsconfigPath } from './repo-paths.js';

/** How much of the table a function may touch. */
export type TableAccess = 'read' | 'readWrite';

/**
 * DynamoDB actions per access level. Deliberately narrower than `grantReadData`: no `Scan`
 * (DESIGN §4.5 forbids it in application code, so IAM forbids it too), no `DescribeTable` (the
 * health check reads an item instead) and no stream actions (stream consumers get those from their
 * event source mapping, not from this binding). `TransactWriteItems` needs no action of its own:
 * IAM checks each Put/Update/Delete/ConditionCheck inside it, which is why `ConditionCheckItem`
 * belongs to writers only.
 */
export const tableActions: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
};

/**
 * KMS actions on the table's customer-managed key per access level: what `grantDecrypt` and
 * `grantEncryptDecrypt` give, spelled out. Those helpers name `kms:ReEncrypt*` and
 * `kms:GenerateDataKey*`, wildcards that AwsSolutions-IAM5 rejects; the expansion is the same
 * permission without a wildcard to acknowledge.
 */
export const tableKeyActions: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['kms:Decrypt'],
  readWrite: [
    'kms:Decrypt',
    'kms:Encrypt',
    'kms:ReEncryptFrom',
    'kms:ReEncryptTo',
    'kms:GenerateDataKey',
    'kms:GenerateDataKeyWithoutPlaintext',
  ],
};

/** Access to the personal-data key (DESIGN §4.9 envelope encryption). */
export type PersonalDataAccess = 'encrypt' | 'encryptDecrypt';

/**
 * KMS actions per personal-data access level. Envelope encryption asks KMS for a data key
 * (`GenerateDataKey`: plaintext to encrypt with locally, ciphertext to store beside the field)
 * and later unwraps the stored data key (`Decrypt`). Named exactly, unlike `grantEncrypt`'s
 * `GenerateDataKey*`/`ReEncrypt*` wildcards.
 */
export const personalDataKeyActions: Readonly<Record<PersonalDataAccess, readonly string[]>> = {
  encrypt: ['kms:GenerateDataKey'],
  encryptDecrypt: ['kms:GenerateDataKey', 'kms:Decrypt'],
};

/**
 * KMS actions on the personal-data lookup (HMAC) key: computing keyed hashes only. `VerifyMac` is
 * not needed (lookups compare stored hashes) and nothing may read the key.
 */
export const personalDataLookupKeyActions: readonly string[] = ['kms:GenerateMac'];

/** The Lambda runtime every Boai function uses (aws-cdk-lib is pinned to a version that knows it). */
export const boaiRuntime: lambda.Runtime = lambda.Runtime.NODEJS_24_X;

/**
 * X-Ray actions that active tracing needs. They support no resource-level permissions, so they are
 * the one statement on a Boai role whose resource is `*`; {@link BoaiFunction} keeps them in a
 * policy of their own so that acknowledging that finding covers nothing else.
 */
export const xrayActions: readonly string[] = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

/**
 * What a Boai Lambda serves: a domain of the route table, the pilot workflow's tasks (invoked by
 * Step Functions) or the outbox relay (invoked by the table's stream); the last two have no route.
 */
export type LambdaDomain = FunctionName | 'pilot-workflow' | 'outbox-relay';

/** Properties of {@link BoaiFunction}. */
export interface BoaiFunctionProps {
  /** The domain: the entry is `<functionsDir>/<domain>/index.ts` and it must export `handler`. */
  readonly domain: LambdaDomain;
  /** Boai's single table; its name reaches the code as `TABLE_NAME`. */
  readonly table: dynamodb.ITable;
  /**
   * Table access granted in one call (see {@link tableActions}); `none` grants nothing, for a
   * function whose owner grants a narrower access itself (the outbox relay: its own items only).
   */
  readonly tableAccess: TableAccess | 'none';
  /**
   * Folder holding the entry folders. Tests point this at stub entries; production uses the repo's
   * `functions/`.
   * @default `<repo>/functions`
   */
  readonly functionsDir?: string;
  /**
   * Grants use of the personal-data key and exposes it as `PERSONAL_DATA_KEY_ARN`; with
   * `lookupKey`, also `kms:GenerateMac` on that HMAC key, exposed as `PERSONAL_DATA_HMAC_KEY_ARN`
   * (keyed lookup hashes, `shared/privacy/personal-data.ts`). Only functions that store or reveal
   * ID numbers, phones or health data get it.
   * @default - no access
   */
  readonly personalData?: { readonly key: kms.IKey; readonly access: PersonalDataAccess; readonly lookupKey?: kms.IKey };
  /**
   * Root esbuild bundles from: it must contain the entry and a `package-lock.json`. Only tests
   * that bundle stub entries outside the repository change it.
   * @default the repository root
   */
  readonly projectRoot?: string;
  /** Extra environment variables (merged over the defaults). */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A domain Lambda: nodejs24.x on arm64, bundled by esbuild as minified ESM (`index.mjs`) with
 * source maps, X-Ray tracing, its own log group with retention, and a role that can write only to
 * that log group and touch the table only as {@link BoaiFunctionProps.tableAccess} allows.
 *
 * Wraps (rather than extends) `NodejsFunction` because the role and log group must exist before
 * the function is constructed; a subclass cannot create children before calling `super`.
 */
export class BoaiFunction extends Construct {
  /** The Lambda function (use it for integrations and event sources). */
  public readonly function: NodejsFunction;
  /** The execution role; add further grants to it, never a managed policy. */
  public readonly role: iam.Role;
  /** The function's log group (retention set, removed with the stack: logs are not records). */
  public readonly logGroup: logs.LogGroup;
  /** The X-Ray permissions of active tracing, the only `Resource: "*"` grant a Boai role has. */
  public readonly xrayPolicy: iam.Policy;
  /** The domain this function serves. */
  public readonly domain: LambdaDomain;

  constructor(scope: Construct, id: string, props: BoaiFunctionProps) {
    super(scope, id);
    this.domain = props.domain;
    const functionsDir = props.functionsDir ?? defaultFunctionsDir;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of Lambda's default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group), which AwsSolutions-IAM4 rejects.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the boai-${props.domain} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(functionsDir, props.domain, 'index.ts'),
      handler: 'handler',
      runtime: boaiRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      // No `tracing` here on purpose: it would add the X-Ray statement (Resource "*") to the role's
      // default policy, next to every other grant. Tracing is switched on below instead.
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      description: `Boai ${props.domain} domain function`,
      projectRoot: props.projectRoot ?? repoRoot,
      depsLockFilePath: props.projectRoot ? path.join(props.projectRoot, 'package-lock.json') : lockFilePath,
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: `boai-${props.domain}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.personalData ? { PERSONAL_DATA_KEY_ARN: props.personalData.key.keyArn } : {}),
        ...(props.personalData?.lookupKey ? { PERSONAL_DATA_HMAC_KEY_ARN: props.personalData.lookupKey.keyArn } : {}),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        platform: 'node',
        sourceMapMode: SourceMapMode.DEFAULT,
        target: lambdaBundling.target,
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourceMap,
        sourcesContent: lambdaBundling.sourcesContent,
        mainFields: [...lambdaBundling.mainFields],
        externalModules: [...lambdaBundling.externalModules],
        banner: lambdaBundling.banner,
        tsconfig: tsconfigPath,
      },
    });

    this.grantTable(props.table, props.tableAccess);
    if (props.personalData) {
      props.personalData.key.grant(this.role, ...personalDataKeyActions[props.personalData.access]);
      props.personalData.lookupKey?.grant(this.role, ...personalDataLookupKeyActions);
    }

    this.xrayPolicy = this.enableActiveTracing();
  }

  /**
   * Active X-Ray tracing with its permissions in a dedicated policy. The `Resource::*` finding is
   * acknowledged on that policy only: a wildcard grant added to the role later (its default policy)
   * still fails cdk-nag.
   */
  private enableActiveTracing(): iam.Policy {
    const policy = new iam.Policy(this, 'XRayPolicy', {
      roles: [this.role],
      statements: [new iam.PolicyStatement({ sid: 'BoaiXRayTracing', actions: [...xrayActions], resources: ['*'] })],
    });
    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    cfnFunction.tracingConfig = { mode: lambda.Tracing.ACTIVE };
    // The first invocations must be able to send their segments: the function waits for the policy
    // (it already waits for the role and its default policy).
    cfnFunction.node.addDependency(policy);
    acknowledge(policy, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions; the service requires Resource "*". This policy holds nothing else.',
    });
    return policy;
  }

  /**
   * Binds `table` with {@link tableActions}`[access]` on the table and each of its indexes, plus
   * the KMS permissions its customer-managed key needs (decrypt to read; encrypt too to write).
   * Index ARNs are listed one by one from the table definition rather than as `index/*`, so the
   * policy has no wildcard at all.
   */
  private grantTable(table: dynamodb.ITable, access: TableAccess | 'none'): void {
    if (access === 'none') return;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: access === 'read' ? 'BoaiTableRead' : 'BoaiTableReadWrite',
        actions: [...tableActions[access]],
        resources: [
          table.tableArn,
          ...tableDefinition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
        ],
      }),
    );
    table.encryptionKey?.grant(this.role, ...tableKeyActions[access]);
  }
}
