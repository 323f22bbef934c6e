/**
 * The outbox (DESIGN §4.12) end to end on one machine: messages written in a transaction with
 * `outboxPut`, DynamoDB Local's stream, the local relay (the event source mapping's peer) and the
 * real relay handler, which publishes to the relay's local outbox.
 *
 * This file has a table of its own: other files write to the shared test table at the same time,
 * and the pilot workflow tests run a relay of their own on it; two relays on one stream would
 * compete for the same messages. `tableName()` reads TABLE_NAME when called, so setting it here,
 * before any test runs, points every shared module at this table.
 */
import { DynamoDBStreamsClient, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/dynamo.js';
import { type LocalOutboxRelay, type LocalOutboxRelayOptions, type PublishedMessage, startLocalOutboxRelay } from '../../local/outbox-relay.js';
import { documentClient } from '../../shared/data/dynamo-client.js';
import { TransactionConflict, transactWrite } from '../../shared/data/transaction.js';
import { useAlertPublisher } from '../../shared/outbox/alert-publisher.js';
import { deliveredRetentionSeconds, type OutboxItem, type OutboxMessage, outboxPut } from '../../shared/outbox/outbox-message.js';
import { relayOutbox } from '../../shared/outbox/relay-outbox.js';

const table = 'boai-test-outbox';
const sharedTable = process.env.TABLE_NAME;
process.env.TABLE_NAME = table;

/** Each message's subject is unique to this run, so leftovers of other tests never match. */
function alert(label: string): OutboxMessage {
  return {
    topic: 'workflowEscalations',
    subject: `${label} ${ulid()}`,
    message: `试点步骤已逾期 A pilot step is overdue (${label})`,
    attributes: { county: '421123000000', step: label },
  };
}

/** Writes a state change and its message in one transaction; answers the message's key. */
async function writeWithState(message: OutboxMessage): Promise<string> {
  const put = outboxPut(message, new Date().toISOString());
  await transactWrite([
    { Put: { TableName: table, Item: { PK: `TEST#${ulid()}`, SK: 'STATE', status: 'changed' }, ConditionExpression: 'attribute_not_exists(PK)' } },
    put,
  ]);
  return String(put.Put!.Item!.PK);
}

async function outboxItem(partitionKey: string): Promise<OutboxItem | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: { PK: partitionKey, SK: '#OUTBOX' }, ConsistentRead: true }));
  return Item as OutboxItem | undefined;
}

const bySubject = (subject: string) => (message: PublishedMessage) => message.subject === subject;

/**
 * Writes a marker message and waits until the relay publishes it. The relay keeps the stream's
 * order (one shard on DynamoDB Local), so every message written before has been handled by then:
 * what is not in the outbox now was not published, with no guessed sleep.
 */
async function drain(relay: LocalOutboxRelay): Promise<void> {
  const marker = alert('marker');
  await writeWithState(marker);
  await relay.delivered(bySubject(marker.subject));
}

let relay: LocalOutboxRelay | undefined;
async function start(options: LocalOutboxRelayOptions = {}): Promise<LocalOutboxRelay> {
  relay = await startLocalOutboxRelay({ pollIntervalMs: 20, retryIntervalMs: 20, ...options });
  return relay;
}

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), table);
});
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});
afterAll(() => {
  process.env.TABLE_NAME = sharedTable;
});

describe('the local outbox relay', () => {
  it('publishes a message written with a state change once, and marks it delivered for 7 days', async () => {
    const relay = await start();
    const message = alert('overdue');
    const partitionKey = await writeWithState(message);
    const published = await relay.delivered(bySubject(message.subject));
    expect(published).toMatchObject({ topic: 'workflowEscalations', subject: message.subject, message: message.message, attributes: message.attributes });

    await drain(relay);
    expect(relay.outbox.filter(bySubject(message.subject))).toHaveLength(1);
    const item = await outboxItem(partitionKey);
    expect(item?.snsMessageId).toBe(published.messageId);
    expect(Date.parse(item?.deliveredAt ?? '')).toBeGreaterThanOrEqual(Date.parse(published.at));
    const expected = Math.floor(Date.parse(item!.deliveredAt!) / 1000) + deliveredRetentionSeconds;
    expect(item?.expiresAt).toBeGreaterThanOrEqual(expected - 1);
    expect(item?.expiresAt).toBeLessThanOrEqual(expected + 1);
    expect(deliveredRetentionSeconds).toBe(7 * 24 * 3600);
  });

  it('retries a message SNS refuses until it is accepted, publishes it once, and publishes nothing after it first', async () => {
    const first = alert('refused');
    const second = alert('after');
    const attempts: string[] = [];
    let refusals = 3;
    const relay = await start({
      beforePublish: (message) => {
        if (message.subject !== first.subject && message.subject !== second.subject) return;
        attempts.push(message.subject);
        if (message.subject === first.subject && refusals-- > 0) throw Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' });
      },
    });
    const firstKey = await writeWithState(first);
    await writeWithState(second);

    await relay.delivered(bySubject(second.subject));
    expect(attempts).toEqual([first.subject, first.subject, first.subject, first.subject, second.subject]);
    const ours = relay.outbox.filter((message) => message.subject === first.subject || message.subject === second.subject);
    expect(ours.map((message) => message.subject)).toEqual([first.subject, second.subject]);
    expect((await outboxItem(firstKey))?.snsMessageId).toBe(ours[0]!.messageId);
  });

  it('delivers after a restart what was written while it was stopped, and nothing delivered before again', async () => {
    const before = alert('before restart');
    const during = alert('while stopped');
    const firstRelay = await start();
    await writeWithState(before);
    await firstRelay.delivered(bySubject(before.subject));
    await firstRelay.stop();

    const duringKey = await writeWithState(during);
    // The stopped relay does not poll any more: give it a moment in which it could have published.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(firstRelay.outbox.filter(bySubject(during.subject))).toHaveLength(0);
    expect((await outboxItem(duringKey))?.deliveredAt).toBeUndefined();

    // The new relay reads the stream from TRIM_HORIZON: it sees `before` again and skips it.
    const secondRelay = await start();
    await secondRelay.delivered(bySubject(during.subject));
    await drain(secondRelay);
    expect(secondRelay.outbox.filter(bySubject(during.subject))).toHaveLength(1);
    expect(secondRelay.outbox.filter(bySubject(before.subject))).toHaveLength(0);
    expect((await outboxItem(duringKey))?.deliveredAt).toBeDefined();
  });

  it('publishes nothing for a transaction whose condition failed', async () => {
    const relay = await start();
    const state = { PK: `TEST#${ulid()}`, SK: 'STATE', status: 'open' };
    await documentClient.send(new PutCommand({ TableName: table, Item: state }));
    const message = alert('lost race');
    const write = transactWrite([
      { Put: { TableName: table, Item: { ...state, status: 'closed' }, ConditionExpression: 'attribute_not_exists(PK)' } },
      outboxPut(message, new Date().toISOString()),
    ]);
    await expect(write).rejects.toBeInstanceOf(TransactionConflict);

    await drain(relay);
    expect(relay.outbox.filter(bySubject(message.subject))).toHaveLength(0);
  });

  it('reads a child shard only after its parent is read to its end (a shard roll keeps the order)', async () => {
    // DynamoDB Local rolls shards every 4 hours, too rarely to wait for: the stream API is
    // played here, the messages and the relay handler are real.
    const [parentMessage, lastOfParent, childMessage] = [alert('parent'), alert('parent end'), alert('child')];
    const keys = [await writeWithState(parentMessage), await writeWithState(lastOfParent), await writeWithState(childMessage)];
    const record = (partitionKey: string, sequenceNumber: string) => ({
      eventID: ulid(),
      eventName: 'INSERT' as const,
      dynamodb: { Keys: { PK: { S: partitionKey }, SK: { S: '#OUTBOX' } }, SequenceNumber: sequenceNumber, ApproximateCreationDateTime: new Date() },
    });
    const streams = mockClient(DynamoDBStreamsClient);
    try {
      // The child is listed first, so only the parent link can put it second.
      streams.on(DescribeStreamCommand).resolves({
        StreamDescription: {
          Shards: [
            { ShardId: 'shardId-child', ParentShardId: 'shardId-parent' },
            { ShardId: 'shardId-parent' },
          ],
        },
      });
      streams.on(GetShardIteratorCommand).callsFake((input) => ({ ShardIterator: `${input.ShardId}#1` }));
      streams
        .on(GetRecordsCommand, { ShardIterator: 'shardId-parent#1' })
        .resolves({ Records: [record(keys[0]!, '100')], NextShardIterator: 'shardId-parent#2' })
        .on(GetRecordsCommand, { ShardIterator: 'shardId-parent#2' })
        .resolves({ Records: [record(keys[1]!, '200')] })
        .on(GetRecordsCommand, { ShardIterator: 'shardId-child#1' })
        .resolves({ Records: [record(keys[2]!, '300')], NextShardIterator: 'shardId-child#2' })
        .on(GetRecordsCommand, { ShardIterator: 'shardId-child#2' })
        .resolves({ Records: [], NextShardIterator: 'shardId-child#2' });
      const relay = await start();
      await relay.delivered(bySubject(childMessage.subject));
      expect(relay.outbox.map((message) => message.subject)).toEqual([parentMessage.subject, lastOfParent.subject, childMessage.subject]);
      const childReads = streams.commandCalls(GetRecordsCommand).findIndex((call) => call.args[0].input.ShardIterator?.startsWith('shardId-child'));
      const parentEnd = streams.commandCalls(GetRecordsCommand).findIndex((call) => call.args[0].input.ShardIterator === 'shardId-parent#2');
      expect(parentEnd).toBeGreaterThanOrEqual(0);
      expect(childReads).toBeGreaterThan(parentEnd);
    } finally {
      await relay?.stop();
      relay = undefined;
      streams.restore();
    }
  });
});

describe('relayOutbox', () => {
  it('reports the first record whose publish failed and does not publish the records after it', async () => {
    // No local relay runs here: this test installs the publisher and plays the event source mapping.
    const refused = alert('refused directly');
    const next = alert('behind it');
    const published: string[] = [];
    useAlertPublisher(async (message) => {
      published.push(message.subject);
      if (message.subject === refused.subject) throw Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' });
      return ulid();
    });
    try {
      const refusedKey = await writeWithState(refused);
      const nextKey = await writeWithState(next);
      const record = (partitionKey: string, sequenceNumber: string): DynamoDBRecord => ({
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: { Keys: { PK: { S: partitionKey }, SK: { S: '#OUTBOX' } }, SequenceNumber: sequenceNumber },
      });

      const response = await relayOutbox([record(refusedKey, '4100'), record(nextKey, '4200')]);
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '4100' }] });
      expect(published).toEqual([refused.subject]);
      expect((await outboxItem(refusedKey))?.deliveredAt).toBeUndefined();
      expect((await outboxItem(nextKey))?.deliveredAt).toBeUndefined();
    } finally {
      useAlertPublisher(undefined);
    }
  });
});
