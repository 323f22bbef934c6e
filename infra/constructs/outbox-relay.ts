/**
 * The outbox relay (DESIGN §2 and §4.12) as a construct: a Lambda on the table's stream that
 * delivers OutboxMessage items to their SNS topics.
 *
 *   use case ── one transaction: state change + OUTBOX#<ULID> ──▶ table ──stream (INSERT, OUTBOX#)──▶
 *   relay Lambda ──▶ SNS topic        (after the retries: the record's pointer ──▶ dead-letter queue)
 *   schedule (15 min) ──▶ relay Lambda (sweep: GSI1 OUTBOX_PENDING older than 15 min) ──▶ SNS topic
 *
 * The event source mapping filters the stream to new outbox items, so no other write invokes the
 * relay. It reports the first failing record, so the records before it are checkpointed and it is
 * retried until SNS accepts, for at most 12 hours (then its pointer goes to the dead-letter
 * queue). Every 15 minutes a scheduled sweep delivers, from the sparse pending index, whatever the
 * stream has not delivered within 15 minutes: a message stuck behind another, or given up on by
 * the mapping. Each message is its own item, so there is no order between messages.
 *
 * Least privilege: Get/Update on `OUTBOX#` items only, Query on GSI1, read on this table's stream
 * (with `ListStreams` on "*" in a policy of its own), publish to the named topics.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { outboxKeys } from '../../shared/outbox/outbox-keys.js';
import { alertTopics, type AlertTopic } from '../../shared/outbox/alert-topics.js';
import { acknowledge } from './acknowledge.js';
import { BoaiFunction, tableKeyActions } from './boai-function.js';

/** Properties of {@link OutboxRelay}. */
export interface OutboxRelayProps {
  /** Boai's single table; its stream must be enabled (it is, from `tableDefinition`). */
  readonly table: dynamodb.ITable;
  /** Every topic an outbox message may name. */
  readonly topics: Readonly<Record<AlertTopic, sns.ITopic>>;
  /** The topics' KMS key: publishing to an encrypted topic needs it. */
  readonly messagingKey: kms.IKey;
  /** @default `<repo>/functions` */
  readonly functionsDir?: string;
}

/** The stream filter: new items whose partition key starts with `OUTBOX#`, nothing else. */
export const outboxStreamFilter: Record<string, unknown> = lambda.FilterCriteria.filter({
  eventName: lambda.FilterRule.isEqual('INSERT'),
  dynamodb: { Keys: { PK: { S: lambda.FilterRule.beginsWith(outboxKeys.prefix) } } },
});

/** The relay function, its stream subscription, its sweep schedule and its dead-letter queue. See the module comment. */
export class OutboxRelay extends Construct {
  public readonly relayFunction: BoaiFunction;
  public readonly deadLetterQueue: sqs.Queue;
  /** The stream read permissions (with `ListStreams` on "*"), in a policy of their own. */
  public readonly streamPolicy: iam.Policy;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    const { table } = props;
    if (!table.tableStreamArn) throw new Error('The outbox relay needs the table stream');
    this.relayFunction = new BoaiFunction(this, 'Relay', {
      domain: 'outbox-relay',
      table,
      // Granted below: outbox items only, not the table.
      tableAccess: 'none',
      timeout: Duration.seconds(30),
      environment: Object.fromEntries(Object.entries(alertTopics).map(([topic, variable]) => [variable, props.topics[topic as AlertTopic].topicArn])),
      ...(props.functionsDir ? { functionsDir: props.functionsDir } : {}),
    });
    const role = this.relayFunction.role;
    // Read and mark outbox items, nothing else: every key it may touch starts with OUTBOX#.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'BoaiOutboxItems',
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${outboxKeys.prefix}*`] } },
      }),
    );
    // The sweep reads the pending messages from GSI1 (keys only: it then reads each item itself).
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'BoaiOutboxPending', actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/GSI1`] }));
    table.encryptionKey?.grant(role, ...tableKeyActions.readWrite);
    // Spelled out rather than `topic.grantPublish`, which also grants `kms:GenerateDataKey*` on
    // the topic's key: a wildcard AwsSolutions-IAM5 rejects for what is one exact action.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: Object.values(props.topics).map((topic) => topic.topicArn) }));
    // SNS encrypts each message with a data key from the topic's key on the publisher's behalf.
    props.messagingKey.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      // It holds pointers to stream records (shard, sequence numbers), never a message's text:
      // SQS-managed encryption suffices, and the relay needs no grant on a key to send to it.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, {
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the outbox relay: it receives pointers to stream records the relay could not deliver',
    });

    // The stream subscription, without the automatic grant (it would put ListStreams on "*" in
    // the role's default policy, where an acknowledgement would cover every later grant too).
    this.streamPolicy = new iam.Policy(this, 'StreamRead', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], resources: [table.tableStreamArn] }),
        new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }),
      ],
    });
    acknowledge(this.streamPolicy, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, which the stream event source mapping needs, supports no resource-level permissions; this policy reads only this table\'s stream otherwise',
    });
    const mapping = new lambda.EventSourceMapping(this, 'Stream', {
      target: this.relayFunction.function,
      eventSourceArn: table.tableStreamArn,
      // From the oldest record kept: a relay deployed or re-created late still sends what waits.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      // Alerts go out at once; one batch per shard at a time.
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      bisectBatchOnError: false,
      // Retried until then; the record's pointer then goes to the dead-letter queue, and the
      // message, still pending in the table, to the sweep (which has long since been trying).
      maxRecordAge: Duration.hours(12),
      onFailure: new SqsDlq(this.deadLetterQueue),
      filters: [outboxStreamFilter],
    });
    // The mapping must not start before it may read the stream.
    mapping.node.addDependency(this.streamPolicy);

    // Every 15 minutes: deliver what the stream has not delivered within 15 minutes.
    new events.Rule(this, 'Sweep', {
      description: 'Delivers outbox messages the stream relay has not delivered within 15 minutes',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(this.relayFunction.function, { event: events.RuleTargetInput.fromObject({ task: 'sweep' }), retryAttempts: 2 })],
    });
  }
}
