/**
 * The outbox relay (DESIGN §2 and §4.12) as a construct: a Lambda on the table's stream that
 * delivers OutboxMessage items to their SNS topics.
 *
 *   use case ── one transaction: state change + OUTBOX#<ULID> ──▶ table ──stream (INSERT, OUTBOX#)──▶
 *   relay Lambda ──▶ SNS topic        (after the retries: the record's pointer ──▶ dead-letter queue)
 *
 * The event source mapping filters the stream to new outbox items, so no other write invokes the
 * relay. It keeps order (one batch per shard at a time), reports the first failing record so the
 * records before it are checkpointed and it is retried until SNS accepts or the record leaves the
 * stream (24 h); a record that never got through goes to the dead-letter queue, while the message
 * stays undelivered in the table for an operator to re-drive (docs/operations.md).
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { outboxKeys } from '../../shared/outbox/outbox-keys.js';
import { alertTopics, type AlertTopic } from '../../shared/outbox/alert-topics.js';
import { acknowledge } from './acknowledge.js';
import { BoaiFunction } from './boai-function.js';

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

/** The relay function, its stream subscription and its dead-letter queue. See the module comment. */
export class OutboxRelay extends Construct {
  public readonly relayFunction: BoaiFunction;
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    this.relayFunction = new BoaiFunction(this, 'Relay', {
      domain: 'outbox-relay',
      table: props.table,
      // It reads a message and marks it delivered; it writes nothing else.
      tableAccess: 'readWrite',
      timeout: Duration.seconds(30),
      environment: Object.fromEntries(Object.entries(alertTopics).map(([topic, variable]) => [variable, props.topics[topic as AlertTopic].topicArn])),
      ...(props.functionsDir ? { functionsDir: props.functionsDir } : {}),
    });
    const role = this.relayFunction.role;
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

    this.relayFunction.function.addEventSource(
      new DynamoEventSource(props.table, {
        // From the oldest record kept: a relay deployed or re-created late still sends what waits.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // Alerts go out at once; one batch per shard at a time keeps their order.
        parallelizationFactor: 1,
        reportBatchItemFailures: true,
        bisectBatchOnError: false,
        // Retried until the record leaves the stream (24 h), then its pointer is kept here.
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [outboxStreamFilter],
      }),
    );
    // The mapping's stream grant lists streams on "*" (ListStreams has no resource-level
    // permission). Acknowledged on the role's default policy, where CDK puts that statement.
    acknowledge(role.node.findChild('DefaultPolicy'), {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, which the stream event source mapping needs, supports no resource-level permissions; the stream read actions are on this table\'s stream only',
    });
  }
}
