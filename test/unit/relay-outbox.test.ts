/**
 * The relay's DynamoDB failure paths (aws-sdk-client-mock; the happy paths run against DynamoDB
 * Local in test/integration/outbox-*.test.ts): a message SNS accepted is not published again
 * because marking it delivered failed, and a read that fails leaves the record to be retried.
 */
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { useAlertPublisher } from '../../shared/outbox/alert-publisher.js';
import type { OutboxItem } from '../../shared/outbox/outbox-message.js';
import { relayOutbox } from '../../shared/outbox/relay-outbox.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const stored: OutboxItem = {
  PK: 'OUTBOX#01JF4S9A0B1C2D3E4F5G6H7J8K',
  SK: '#OUTBOX',
  entity: 'OutboxMessage',
  messageId: '01JF4S9A0B1C2D3E4F5G6H7J8K',
  createdAt: '2026-11-29T06:00:00.000Z',
  GSI1PK: 'OUTBOX_PENDING',
  GSI1SK: '2026-11-29T06:00:00.000Z#01JF4S9A0B1C2D3E4F5G6H7J8K',
  topic: 'workflowEscalations',
  subject: 'Boai pilot overdue: 421123000000 deployment',
  message: '逾期提醒 Overdue',
  attributes: { county: '421123000000' },
};
const record = { eventName: 'INSERT' as const, dynamodb: { Keys: { PK: { S: stored.PK }, SK: { S: '#OUTBOX' } }, SequenceNumber: '42' } };
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
let published = 0;

beforeEach(() => {
  process.env.TABLE_NAME = 'boai-unit';
  dynamo.reset();
  published = 0;
  useAlertPublisher(async () => {
    published += 1;
    return `sns-${published}`;
  });
});
afterAll(() => {
  dynamo.restore();
  useAlertPublisher(undefined);
});

describe('the outbox relay when DynamoDB fails', () => {
  it('does not report a published message as failed when marking it keeps failing (that would publish it again)', async () => {
    dynamo.on(GetCommand).resolves({ Item: stored });
    dynamo.on(UpdateCommand).rejects(throttled());
    expect(await relayOutbox([record])).toEqual({ batchItemFailures: [] });
    expect(published).toBe(1);
    // Tried three times; still pending in the index, where the sweep would find it.
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 3);
  });

  it('marks it on a retry after a brief failure', async () => {
    dynamo.on(GetCommand).resolves({ Item: stored });
    dynamo.on(UpdateCommand).rejectsOnce(throttled()).resolves({});
    expect(await relayOutbox([record])).toEqual({ batchItemFailures: [] });
    expect(published).toBe(1);
    const update = dynamo.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(update.UpdateExpression).toMatch(/^SET deliveredAt = :deliveredAt, snsMessageId = :snsMessageId, expiresAt = :expiresAt REMOVE GSI1PK, GSI1SK$/);
    expect(update.ExpressionAttributeValues?.[':snsMessageId']).toBe('sns-1');
  });

  it('reports the record when the message cannot even be read, and publishes nothing', async () => {
    dynamo.on(GetCommand).rejects(throttled());
    expect(await relayOutbox([record])).toEqual({ batchItemFailures: [{ itemIdentifier: '42' }] });
    expect(published).toBe(0);
  });
});
