/**
 * The outbox sweep and the relay's edge cases against DynamoDB Local (DESIGN §4.12): messages the
 * stream has not delivered within 15 minutes are delivered from the sparse pending index; a
 * message SNS rejects as malformed is set aside instead of blocking; delivery leaves the index.
 *
 * No stream consumer runs here: the sweep and `relayOutbox` are called directly, with a publisher
 * installed for the test. The file has a table of its own, so no other file's relay takes its
 * messages (`tableName()` reads TABLE_NAME when called).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/dynamo.js';
import { documentClient } from '../../shared/data/dynamo-client.js';
import { transactWrite } from '../../shared/data/transaction.js';
import { type AlertPublisher, useAlertPublisher } from '../../shared/outbox/alert-publisher.js';
import { type OutboxItem, type OutboxMessage, outboxPut } from '../../shared/outbox/outbox-message.js';
import { relayOutbox, sweepAfterSeconds, sweepOutbox } from '../../shared/outbox/relay-outbox.js';
import { handler } from '../../functions/outbox-relay/index.js';
import { testContext } from '../support/events.js';

const table = 'boai-test-outbox-sweep';
const sharedTable = process.env.TABLE_NAME;
process.env.TABLE_NAME = table;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Writes a message as a use case would (with a state change), created `at`; answers its key. */
async function write(label: string, at: string): Promise<string> {
  const message: OutboxMessage = { topic: 'workflowEscalations', subject: `${label} ${ulid()}`, message: `逾期提醒 Overdue (${label})`, attributes: { county: '421123000000', step: label } };
  const put = outboxPut(message, at);
  await transactWrite([{ Put: { TableName: table, Item: { PK: `TEST#${ulid()}`, SK: 'STATE' } } }, put]);
  return String(put.Put!.Item!.PK);
}

async function item(partitionKey: string): Promise<OutboxItem> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: { PK: partitionKey, SK: '#OUTBOX' }, ConsistentRead: true }));
  return Item as OutboxItem;
}

/** The keys in the pending index now (eventually consistent, as the sweep reads it: polled). */
async function pending(): Promise<string[]> {
  const { Items = [] } = await documentClient.send(new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': 'OUTBOX_PENDING' } }));
  return Items.map((entry) => String(entry.PK));
}

/** A publisher that records what it sent and refuses whatever `refuse` says. */
function publisher(refuse: (subject: string) => Error | undefined = () => undefined): { sent: { subject: string; outboxId: string }[]; publish: AlertPublisher } {
  const sent: { subject: string; outboxId: string }[] = [];
  return {
    sent,
    publish: async (message, outboxId) => {
      const error = refuse(message.subject);
      if (error) throw error;
      sent.push({ subject: message.subject, outboxId });
      return `sns-${ulid()}`;
    },
  };
}

const named = (name: string) => Object.assign(new Error(name), { name });

/** Clears the pending index between tests, so each sweep sees only its test's messages. */
async function sweepAll(): Promise<void> {
  useAlertPublisher(publisher().publish);
  while ((await sweepOutbox(new Date(Date.now() + 24 * 3600_000))).delivered > 0);
}

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), table);
});
afterEach(async () => {
  await sweepAll();
  useAlertPublisher(undefined);
});
afterAll(() => {
  process.env.TABLE_NAME = sharedTable;
});

describe('the outbox sweep', () => {
  it('delivers what the stream left pending past 15 minutes, once, and leaves newer messages to the stream', async () => {
    const old = await write('stuck', minutesAgo(20));
    const recent = await write('recent', minutesAgo(5));
    expect(sweepAfterSeconds).toBe(15 * 60);
    await expect.poll(pending).toEqual(expect.arrayContaining([old, recent]));
    const sns = publisher();
    useAlertPublisher(sns.publish);

    // Through the Lambda handler, as the schedule invokes it.
    expect(await handler({ task: 'sweep' }, testContext())).toEqual({ delivered: 1, failed: 0 });
    const delivered = await item(old);
    expect(sns.sent).toEqual([{ subject: delivered.subject, outboxId: delivered.messageId }]);
    expect(delivered.deliveredAt).toBeDefined();
    expect([delivered.GSI1PK, delivered.GSI1SK]).toEqual([undefined, undefined]);
    expect((await item(recent)).deliveredAt).toBeUndefined();
    // Delivered messages leave the index: the next sweep sends nothing again.
    await expect.poll(pending).not.toContain(old);
    expect(await sweepOutbox()).toEqual({ delivered: 0, failed: 0 });
    expect(sns.sent).toHaveLength(1);
  });

  it('goes on past a message SNS refuses, and the next sweep delivers it', async () => {
    const first = await write('down', minutesAgo(40));
    const second = await write('fine', minutesAgo(30));
    const down = (await item(first)).subject;
    let snsUp = false;
    const sns = publisher((subject) => (subject === down && !snsUp ? named('InternalErrorException') : undefined));
    useAlertPublisher(sns.publish);
    await expect.poll(pending).toEqual(expect.arrayContaining([first, second]));
    expect(await sweepOutbox()).toEqual({ delivered: 1, failed: 1 });
    expect((await item(first)).deliveredAt).toBeUndefined();
    expect((await item(second)).deliveredAt).toBeDefined();
    snsUp = true;
    expect(await sweepOutbox()).toEqual({ delivered: 1, failed: 0 });
    expect(sns.sent.map((entry) => entry.subject)).toEqual([(await item(second)).subject, down]);
  });

  it('sets aside a message SNS rejects as malformed, without blocking the stream or retrying it', async () => {
    const bad = await write('malformed', minutesAgo(1));
    const good = await write('after', minutesAgo(1));
    const badSubject = (await item(bad)).subject;
    const sns = publisher((subject) => (subject === badSubject ? named('InvalidParameterException') : undefined));
    useAlertPublisher(sns.publish);
    const record = (partitionKey: string, sequence: string): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: partitionKey }, SK: { S: '#OUTBOX' } }, SequenceNumber: sequence } });
    // The stream's batch goes on past it: no record is reported failed.
    expect(await relayOutbox([record(bad, '1'), record(good, '2')])).toEqual({ batchItemFailures: [] });
    const rejected = await item(bad);
    expect(rejected).toMatchObject({ rejection: 'InvalidParameterException' });
    expect(rejected.rejectedAt).toBeDefined();
    expect([rejected.deliveredAt, rejected.GSI1PK]).toEqual([undefined, undefined]);
    expect((await item(good)).deliveredAt).toBeDefined();
    // Kept for inspection, out of the pending index: no sweep sends it again.
    await expect.poll(pending).not.toContain(bad);
    expect(await relayOutbox([record(bad, '3')])).toEqual({ batchItemFailures: [] });
    expect(sns.sent.map((entry) => entry.subject)).toEqual([(await item(good)).subject]);
  });

  it('reports the first record SNS cannot take now, and only that one, for the stream to hand over again', async () => {
    const down = await write('outage', minutesAgo(1));
    const later = await write('later', minutesAgo(1));
    const sns = publisher((subject) => (subject.startsWith('outage') ? named('InternalErrorException') : undefined));
    useAlertPublisher(sns.publish);
    const record = (partitionKey: string, sequence: string): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: partitionKey }, SK: { S: '#OUTBOX' } }, SequenceNumber: sequence } });
    expect(await relayOutbox([record(down, '10'), record(later, '11')])).toEqual({ batchItemFailures: [{ itemIdentifier: '10' }] });
    // It stopped there: the later one waits for the retry (order within a batch is kept).
    expect(sns.sent).toEqual([]);
    expect((await item(later)).deliveredAt).toBeUndefined();
  });
});
