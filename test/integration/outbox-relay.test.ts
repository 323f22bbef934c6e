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
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
/** Sweeps are off unless a test turns them on: they are the sweep tests' business. */
async function start(options: LocalOutboxRelayOptions = {}): Promise<LocalOutboxRelay> {
  relay = await startLocalOutboxRelay({ pollIntervalMs: 20, retryIntervalMs: 20, sweepIntervalMs: 0, ...options });
  return relay;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stream record of a message's INSERT, as the DynamoDB Streams API answers it (mocked-shard tests). */
function insertRecord(partitionKey: string, sequenceNumber: string) {
  return {
    eventID: ulid(),
    eventName: 'INSERT' as const,
    dynamodb: { Keys: { PK: { S: partitionKey }, SK: { S: '#OUTBOX' } }, SequenceNumber: sequenceNumber, ApproximateCreationDateTime: new Date() },
  };
}

const notFound = () => Object.assign(new Error('Requested resource not found: Shard does not exist'), { name: 'ResourceNotFoundException' });

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
    const record = insertRecord;
    const streams = mockClient(DynamoDBStreamsClient);
    try {
      // The child is listed first, so only the parent link can put it second. The parent is
      // closed (it has an ending sequence number): only then does its last page end it.
      streams.on(DescribeStreamCommand).resolves({
        StreamDescription: {
          Shards: [
            { ShardId: 'shardId-child', ParentShardId: 'shardId-parent', SequenceNumberRange: { StartingSequenceNumber: '300' } },
            { ShardId: 'shardId-parent', SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '200' } },
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

  it('keeps reading an open shard that once answers without a next iterator, or as not found', async () => {
    // DynamoDB Local does both now and then for a shard that is open: taking either as the
    // shard's end would stop all delivery. The shard is read on from its checkpoint.
    const [first, second, third] = [alert('before the gap'), alert('after no iterator'), alert('after not found')];
    const keys = [await writeWithState(first), await writeWithState(second), await writeWithState(third)];
    const streams = mockClient(DynamoDBStreamsClient);
    try {
      streams.on(DescribeStreamCommand).resolves({
        StreamDescription: { Shards: [{ ShardId: 'shardId-open', SequenceNumberRange: { StartingSequenceNumber: '100' } }] },
      });
      // The iterator names where it starts, so the reads below show the checkpoints used.
      streams.on(GetShardIteratorCommand).callsFake((input) => ({ ShardIterator: `open@${input.ShardIteratorType}:${input.SequenceNumber ?? ''}` }));
      streams
        .on(GetRecordsCommand, { ShardIterator: 'open@TRIM_HORIZON:' })
        // No NextShardIterator although the shard is open.
        .resolves({ Records: [insertRecord(keys[0]!, '100')] })
        .on(GetRecordsCommand, { ShardIterator: 'open@AFTER_SEQUENCE_NUMBER:100' })
        .resolves({ Records: [insertRecord(keys[1]!, '200')], NextShardIterator: 'open#3' })
        .on(GetRecordsCommand, { ShardIterator: 'open#3' })
        // Not found once, then the shard is there again.
        .rejectsOnce(notFound())
        .on(GetRecordsCommand, { ShardIterator: 'open@AFTER_SEQUENCE_NUMBER:200' })
        .resolves({ Records: [insertRecord(keys[2]!, '300')], NextShardIterator: 'open#4' })
        .on(GetRecordsCommand, { ShardIterator: 'open#4' })
        .resolves({ Records: [], NextShardIterator: 'open#4' });
      const relay = await start();
      await relay.delivered(bySubject(third.subject));
      expect(relay.outbox.map((message) => message.subject)).toEqual([first.subject, second.subject, third.subject]);
      // Each false end had the shards listed again; the shard is still polled afterwards.
      expect(streams.commandCalls(DescribeStreamCommand).length).toBeGreaterThanOrEqual(3);
      const reads = () => streams.commandCalls(GetRecordsCommand).filter((call) => call.args[0].input.ShardIterator === 'open#4').length;
      const before = reads();
      await expect.poll(reads, { timeout: 5000 }).toBeGreaterThanOrEqual(before + 3);
    } finally {
      await relay?.stop();
      relay = undefined;
      streams.restore();
    }
  });

  it('takes an open shard that is not found and no longer listed as gone, and reads its child', async () => {
    const [parentMessage, childMessage] = [alert('trimmed parent'), alert('child of trimmed')];
    const keys = [await writeWithState(parentMessage), await writeWithState(childMessage)];
    const streams = mockClient(DynamoDBStreamsClient);
    try {
      const child = { ShardId: 'shardId-child', ParentShardId: 'shardId-parent', SequenceNumberRange: { StartingSequenceNumber: '300' } };
      streams
        .on(DescribeStreamCommand)
        .resolvesOnce({ StreamDescription: { Shards: [child, { ShardId: 'shardId-parent', SequenceNumberRange: { StartingSequenceNumber: '100' } }] } })
        .resolves({ StreamDescription: { Shards: [child] } });
      streams.on(GetShardIteratorCommand).callsFake((input) => ({ ShardIterator: `${input.ShardId}#1` }));
      streams
        .on(GetRecordsCommand, { ShardIterator: 'shardId-parent#1' })
        .resolves({ Records: [insertRecord(keys[0]!, '100')], NextShardIterator: 'shardId-parent#2' })
        .on(GetRecordsCommand, { ShardIterator: 'shardId-parent#2' })
        .rejects(notFound())
        .on(GetRecordsCommand, { ShardIterator: 'shardId-child#1' })
        .resolves({ Records: [insertRecord(keys[1]!, '300')], NextShardIterator: 'shardId-child#2' })
        .on(GetRecordsCommand, { ShardIterator: 'shardId-child#2' })
        .resolves({ Records: [], NextShardIterator: 'shardId-child#2' });
      const relay = await start();
      await relay.delivered(bySubject(childMessage.subject));
      expect(relay.outbox.map((message) => message.subject)).toEqual([parentMessage.subject, childMessage.subject]);
      // The child waited for the listing that no longer had its parent.
      const calls = streams.calls().map((call) => call.args[0]);
      const relisted = calls.findIndex((command, index) => command instanceof DescribeStreamCommand && index > 0);
      const childRead = calls.findIndex((command) => command instanceof GetRecordsCommand && command.input.ShardIterator === 'shardId-child#1');
      expect(relisted).toBeGreaterThan(0);
      expect(childRead).toBeGreaterThan(relisted);
    } finally {
      await relay?.stop();
      relay = undefined;
      streams.restore();
    }
  });

  it('leaves no trace of a publish whose outbox file could not be written, and publishes it once when it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boai-outbox-'));
    try {
      // The file's folder does not exist yet: every append fails until it is made.
      const outboxFile = join(dir, 'later', 'outbox.jsonl');
      const message = alert('file unwritable');
      let attempts = 0;
      const relay = await start({
        outboxFile,
        maxRetryIntervalMs: 100,
        beforePublish: (published) => {
          if (published.subject === message.subject) attempts += 1;
        },
      });
      await writeWithState(message);
      await expect.poll(() => attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      expect(relay.outbox.filter(bySubject(message.subject))).toHaveLength(0);

      mkdirSync(join(dir, 'later'));
      await relay.delivered(bySubject(message.subject));
      await drain(relay);
      expect(relay.outbox.filter(bySubject(message.subject))).toHaveLength(1);
      const lines = readFileSync(outboxFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PublishedMessage);
      expect(lines.filter(bySubject(message.subject))).toEqual(relay.outbox.filter(bySubject(message.subject)));
    } finally {
      await relay?.stop();
      relay = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('doubles the back-off after each failed delivery up to maxRetryIntervalMs', async () => {
    const message = alert('long outage');
    const lines: string[] = [];
    let refusals = 5;
    const relay = await start({
      retryIntervalMs: 100,
      maxRetryIntervalMs: 300,
      onEvent: (line) => lines.push(line),
      beforePublish: (published) => {
        if (published.subject === message.subject && refusals-- > 0) throw Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' });
      },
    });
    await writeWithState(message);
    await relay.delivered(bySubject(message.subject));
    const backoffs = lines.flatMap((line) => /retrying in ([\d.]+) s/.exec(line)?.[1] ?? []);
    expect(backoffs).toEqual(['0.1', '0.2', '0.3', '0.3', '0.3']);
  });
});

describe('the local relay\'s sweep', () => {
  it('sweeps once the stream was first read, then every sweepIntervalMs, never two at once', async () => {
    const before = alert('before the first sweep');
    await writeWithState(before);
    const lines: string[] = [];
    let sweeps = 0;
    let inFlight = 0;
    let most = 0;
    let publishedBeforeFirstSweep: boolean | undefined;
    const relay = await start({
      sweepIntervalMs: 50,
      onEvent: (line) => lines.push(line),
      // Each sweep takes longer than the interval: the next must wait for it.
      beforeSweep: async () => {
        sweeps += 1;
        inFlight += 1;
        most = Math.max(most, inFlight);
        publishedBeforeFirstSweep ??= lines.some((line) => line.includes(before.subject));
        await sleep(120);
        inFlight -= 1;
      },
    });
    await expect.poll(() => sweeps, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(publishedBeforeFirstSweep).toBe(true);
    expect(most).toBe(1);

    // Stopping waits for the sweep in flight (at most 120 ms here), and no sweep starts after.
    const stopping = Date.now();
    await relay.stop();
    expect(Date.now() - stopping).toBeLessThan(2000);
    expect(inFlight).toBe(0);
    const swept = sweeps;
    await sleep(200);
    expect(sweeps).toBe(swept);
  });

  it('sweeps once shortly after start and stops at once while waiting for the next sweep', async () => {
    let sweeps = 0;
    const relay = await start({
      sweepIntervalMs: 60_000,
      beforeSweep: () => {
        sweeps += 1;
      },
    });
    await expect.poll(() => sweeps, { timeout: 5000 }).toBe(1);
    await drain(relay);
    expect(sweeps).toBe(1);
    const stopping = Date.now();
    await relay.stop();
    expect(Date.now() - stopping).toBeLessThan(1000);
  });

  it('reports a failing sweep once and goes on relaying and sweeping', async () => {
    const lines: string[] = [];
    let sweeps = 0;
    const relay = await start({
      sweepIntervalMs: 30,
      onEvent: (line) => lines.push(line),
      beforeSweep: () => {
        sweeps += 1;
        throw new Error('the sweep broke');
      },
    });
    await expect.poll(() => sweeps, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const message = alert('while sweeps fail');
    await writeWithState(message);
    await relay.delivered(bySubject(message.subject));
    const swept = sweeps;
    await expect.poll(() => sweeps, { timeout: 10_000 }).toBeGreaterThanOrEqual(swept + 2);
    expect(lines.filter((line) => line.includes('the sweep broke'))).toHaveLength(1);
  });

  it('does not sweep when sweepIntervalMs is 0', async () => {
    let sweeps = 0;
    const relay = await start({
      sweepIntervalMs: 0,
      beforeSweep: () => {
        sweeps += 1;
      },
    });
    await drain(relay);
    await sleep(100);
    expect(sweeps).toBe(0);
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
