/**
 * The outbox relay as synthesized (DESIGN §4.12): a stream subscription that only new outbox
 * items wake, in order, reporting the failing record, with a dead-letter queue; a function that
 * may publish to the escalation topic only and touches no personal data.
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { DynamoDBRecord } from 'aws-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BoaiApp } from '../../infra/app-builder.js';
import { isOutboxInsert } from '../../shared/outbox/relay-outbox.js';
import { fixture } from '../support/events.js';

type Json = Record<string, any>; // `any`: CloudFormation is loose JSON; every value used is checked by expect.

let workDir: string;
let built: BoaiApp;
let stack: Stack;
let template: Template;
const logicalId = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'boai-outbox-infra-'));
  built = buildApp({ nag: false, cloudFormationValidation: false, outdir: workDir, webAssetPath: path.join(workDir, 'no-site'), context: { 'aws:cdk:bundling-stacks': [] } });
  built.app.synth();
  stack = built.stateless;
  template = Template.fromStack(stack);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Lambda event filtering for the two operators the relay's pattern uses (exact values and
 * `prefix`), enough to check the synthesized pattern against sample records.
 */
function matches(pattern: Json, value: Json | undefined): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    const actual = value?.[key];
    if (!Array.isArray(rule)) return matches(rule as Json, actual as Json | undefined);
    return rule.some((option) => (typeof option === 'object' && option !== null && 'prefix' in option ? typeof actual === 'string' && actual.startsWith(String(option.prefix)) : actual === option));
  });
}

describe('the outbox relay', () => {
  it('subscribes to the table stream from the oldest record, reporting the failing record, for 12 hours, then to a dead-letter queue', () => {
    const relay = built.stateless.outboxRelay;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(relay.relayFunction.function) },
      EventSourceArn: Match.anyValue(),
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      MaximumRecordAgeInSeconds: 12 * 3600,
      BisectBatchOnFunctionError: false,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(relay.deadLetterQueue), 'Arn'] } } },
    });
    // Retried until the age limit (no attempt limit), well inside the stream's 24 h.
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0] as Json;
    expect(mapping.Properties.MaximumRetryAttempts).toBeUndefined();
    expect(JSON.stringify(mapping.Properties.EventSourceArn)).toContain('StreamArn');
    // It waits for its stream permissions.
    expect(mapping.DependsOn).toEqual(expect.arrayContaining([logicalId(built.stateless.outboxRelay.streamPolicy as never)]));
  });

  it('sweeps every 15 minutes: the schedule invokes the relay with the sweep task', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(built.stateless.outboxRelay.relayFunction.function), 'Arn'] }, Input: JSON.stringify({ task: 'sweep' }) })],
    });
  });

  it('is woken only by new outbox items: the filter takes the outbox sample and refuses every other record', () => {
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0] as Json;
    const filters = mapping.Properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters).toHaveLength(1);
    const pattern = JSON.parse(filters[0]!.Pattern) as Json;
    const outbox = fixture<{ Records: DynamoDBRecord[] }>('dynamodb-stream/outbox-inserted.json').Records[0]!;
    const division = fixture<{ Records: DynamoDBRecord[] }>('dynamodb-stream/division-inserted.json').Records[0]!;
    const delivered: DynamoDBRecord = { ...outbox, eventName: 'MODIFY' };
    for (const [record, expected] of [[outbox, true], [division, false], [delivered, false]] as const) {
      expect(matches(pattern, record as unknown as Json), `${record.eventName ?? ''} ${record.dynamodb?.Keys?.PK?.S ?? ''}`).toBe(expected);
      // The relay's own check (used locally, and as a guard in AWS) agrees with the filter.
      expect(isOutboxInsert(record)).toBe(expected);
    }
  });

  it('touches outbox items only, may publish to the escalation topic only, with the messaging key, and no personal data', () => {
    const relay = built.stateless.outboxRelay.relayFunction;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [logicalId(relay.role), 'Arn'] },
      Environment: { Variables: Match.objectLike({ WORKFLOW_ESCALATIONS_TOPIC_ARN: Match.anyValue() }) },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(relay.role) }] } });
    const statements = Object.values(policies).flatMap((policy) => (policy as Json).Properties.PolicyDocument.Statement as Json[]);
    const publish = statements.filter((statement) => [statement.Action].flat().includes('sns:Publish'));
    expect(publish).toHaveLength(1);
    expect(JSON.stringify(publish[0]!.Resource)).toContain('WorkflowEscalations');
    expect(JSON.stringify(publish[0]!.Resource)).not.toContain('Mobilisation');
    // Get and Update on OUTBOX# keys, Query on GSI1: nothing else on the table.
    const onTable = statements.filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:') && !JSON.stringify(statement.Action).match(/Stream|GetRecords|GetShardIterator/));
    expect(onTable.map((statement) => [statement.Action].flat().sort())).toEqual([['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['dynamodb:Query']]);
    expect(onTable[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } });
    expect(JSON.stringify(onTable[1]!.Resource)).toContain('/index/GSI1');
    const text = JSON.stringify(statements);
    expect(text).toContain('MessagingKey');
    expect(text).toContain('dynamodb:GetRecords');
    expect(text).not.toMatch(/dynamodb:(PutItem|DeleteItem|BatchWriteItem|Scan)/);
    expect(text).not.toContain('PersonalData');
    expect(text).not.toContain('states:');
    // No other function may publish to SNS.
    const publishers = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, policy]) => JSON.stringify(policy).includes('sns:Publish'));
    expect(publishers.map(([id]) => id)).toEqual(Object.keys(policies).filter((id) => JSON.stringify(policies[id]).includes('sns:Publish')));
  });

  it('keeps undeliverable record pointers 14 days in an encrypted queue that refuses plain HTTP', () => {
    const queue = built.stateless.outboxRelay.deadLetterQueue;
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(queue) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});
