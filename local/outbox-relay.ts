/**
 * The local peer of the outbox relay's event source mapping (DESIGN §2, §4.12): polls DynamoDB
 * Local's stream of the table and hands new OutboxMessage items to the real relay handler
 * (`functions/outbox-relay`) in-process, with the same filter and retry semantics as the Lambda
 * event source mapping in AWS:
 *
 * - only INSERTs of `OUTBOX#` items reach the handler (`isOutboxInsert`, the mapping's filter);
 * - a record the handler reports in `batchItemFailures` is handed over again, with the records
 *   after it, after a back-off (ReportBatchItemFailures): nothing is skipped and order is kept;
 * - every shard is read from TRIM_HORIZON, so a message that was written but not delivered
 *   before `npm start` stopped is delivered on the next start (DynamoDB Local keeps its stream in
 *   the data folder for 24 h); messages delivered before are skipped by the relay itself
 *   (`deliveredAt`), as the mapping's redeliveries are in AWS;
 * - a child shard is read only once its parent is exhausted (DynamoDB Local rolls its shards
 *   every 4 hours), so the order of the stream survives the roll. A shard counts as exhausted
 *   only when DescribeStream shows it closed (`EndingSequenceNumber`) or no longer lists it:
 *   DynamoDB Local now and then answers an open shard with no `NextShardIterator` or with
 *   ResourceNotFoundException, and taking that at its word would stop all local delivery.
 *
 * It also plays the EventBridge schedule of the relay's sweep: once it has first caught up with
 * the stream, and then every `sweepIntervalMs`, it invokes the same handler with
 * `{ task: 'sweep' }`, which delivers messages still undelivered after 15 minutes (their stream
 * record lost, say, or trimmed while `npm start` was off for a day).
 *
 * And it plays SNS: it installs itself as the alert publisher, so "published" messages land in
 * a local outbox (memory, optionally a JSON-lines file, and a printable line).
 */
import { appendFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type AttributeValue as StreamAttributeValue,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import type { SweepEvent } from '../functions/outbox-relay/index.js';
import type { AlertPublisher } from '../shared/outbox/alert-publisher.js';
import type { SweepResult } from '../shared/outbox/relay-outbox.js';
import type { OutboxMessage } from '../shared/outbox/outbox-message.js';
import { lambdaContext } from './api-gateway.js';
import { localCredentials, localRegion } from './dynamo.js';

/** One message the relay published to the local outbox (what an SNS subscriber would get). */
export interface PublishedMessage extends OutboxMessage {
  /** When it was published (ISO 8601 UTC). */
  readonly at: string;
  /** The id answered as SNS's MessageId (the item's `snsMessageId`). */
  readonly messageId: string;
}

/** Options of {@link startLocalOutboxRelay}. */
export interface LocalOutboxRelayOptions {
  /**
   * The table whose stream is read; default `TABLE_NAME`. The handler reads and marks messages
   * in the table `TABLE_NAME` names, so a name other than that is refused: the relay would
   * otherwise find none of the stream's messages and count each as gone.
   */
  readonly tableName?: string;
  /** DynamoDB Local's endpoint; default `DYNAMODB_ENDPOINT`. */
  readonly endpoint?: string;
  /** Pause between polls of an idle stream; default 200 ms. */
  readonly pollIntervalMs?: number;
  /** First back-off after a failed delivery, doubled on each further failure up to {@link LocalOutboxRelayOptions.maxRetryIntervalMs}; default 1000 ms. */
  readonly retryIntervalMs?: number;
  /**
   * The longest back-off, after failed deliveries and after failed reads of the stream; default
   * 30 000 ms. A `retryIntervalMs` longer than this is used as it is, never doubled.
   */
  readonly maxRetryIntervalMs?: number;
  /**
   * Pause between sweeps (the handler invoked with `{ task: 'sweep' }`), counted from the start of
   * one to the start of the next; the first runs once the relay has first caught up with the
   * stream. Default 15 minutes, the schedule's rate in AWS; 0 disables sweeps.
   */
  readonly sweepIntervalMs?: number;
  /** Appends each published message as a JSON line (the data folder's `outbox.jsonl`). */
  readonly outboxFile?: string;
  /** Called with a printable line for each published message and each failed delivery. */
  readonly onEvent?: (line: string) => void;
  /**
   * Called before a message is accepted; throwing plays an SNS outage (tests): the message is
   * then not in the outbox and the relay hands it over again after the back-off.
   */
  readonly beforePublish?: (message: OutboxMessage) => void;
  /**
   * Called (and awaited) right before each sweep invokes the handler; throwing or rejecting plays
   * a failed sweep, waiting plays a slow one (tests).
   */
  readonly beforeSweep?: () => void | Promise<void>;
}

/** A running local relay. */
export interface LocalOutboxRelay {
  /** Messages published so far, oldest first. */
  readonly outbox: readonly PublishedMessage[];
  /**
   * Resolves with the first message (already published or still to come) that matches;
   * rejects after `timeoutMs` (default 10 s) or when the relay stops. For tests.
   */
  delivered(predicate: (message: PublishedMessage) => boolean, timeoutMs?: number): Promise<PublishedMessage>;
  /**
   * Stops polling and sweeping (promptly), waits for the batch and the sweep in flight and
   * uninstalls the publisher.
   */
  stop(): Promise<void>;
}

/** Defaults of {@link LocalOutboxRelayOptions}. */
const defaultMaxRetryIntervalMs = 30_000;
const defaultSweepIntervalMs = 15 * 60_000;
/** DynamoDB Local's (and AWS's) largest GetRecords page. */
const pageSize = 1000;
/** Records per handler call and the handler's time limit: those of the AWS mapping and function (`infra/constructs/outbox-relay.ts`). */
const batchSize = 10;
const functionTimeoutMs = 30_000;
/** Shards are re-listed this often even when none closed (new shards, trimmed ones). */
const describeIntervalMs = 10_000;

/** The handler called with stream records; its answer is read as the mapping reads it (see {@link firstFailure}). */
type Relay = (records: DynamoDBRecord[]) => Promise<unknown>;
type Position = { readonly type: 'TRIM_HORIZON' } | { readonly type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** What the relay knows of one shard. */
interface ShardState {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  /** The iterator to read next with; undefined: get one at {@link position}. */
  iterator: string | undefined;
  /** Where reading (re)starts when there is no iterator: the checkpoint of this shard. */
  position: Position;
  /** DescribeStream showed an `EndingSequenceNumber`: nothing more will be written to it. */
  closed: boolean;
  /**
   * The last read ended the shard (no next iterator, or ResourceNotFound) while it was listed as
   * open: the next listing decides (gone: forgotten; else read on from {@link position}).
   */
  endUnconfirmed: boolean;
  /** Closed and read to its end: its children may be read. */
  exhausted: boolean;
  /** Not read again before this time (epoch ms): the back-off after a failed delivery. */
  retryAt: number;
  backoffMs: number;
}

/**
 * Starts the local relay: finds the table's stream, installs the local outbox as the alert
 * publisher and polls until {@link LocalOutboxRelay.stop}. Call it once `DYNAMODB_ENDPOINT` and
 * `TABLE_NAME` are set: the shared modules create their DynamoDB client from the environment
 * when first loaded, which is why they are imported here and not at the top of this file. One
 * relay per table and process: two would deliver the same messages (the relay's condition keeps
 * the item right, but subscribers would get duplicates).
 */
export async function startLocalOutboxRelay(options: LocalOutboxRelayOptions = {}): Promise<LocalOutboxRelay> {
  const tableName = options.tableName ?? process.env.TABLE_NAME;
  if (!tableName) throw new Error('The local outbox relay needs a table: set TABLE_NAME');
  if (process.env.TABLE_NAME !== tableName) {
    throw new Error(`The outbox relay handler works on the table TABLE_NAME names (${process.env.TABLE_NAME ?? 'unset'}): set TABLE_NAME=${tableName} before starting the relay`);
  }
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('The local outbox relay needs DynamoDB Local: set DYNAMODB_ENDPOINT or pass endpoint');
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const retryIntervalMs = options.retryIntervalMs ?? 1000;
  const backoffCapMs = Math.max(options.maxRetryIntervalMs ?? defaultMaxRetryIntervalMs, retryIntervalMs);
  const sweepIntervalMs = options.sweepIntervalMs ?? defaultSweepIntervalMs;

  const [{ isOutboxInsert }, { useAlertPublisher, alertPublisher }, { handler }] = await Promise.all([
    import('../shared/outbox/relay-outbox.js'),
    import('../shared/outbox/alert-publisher.js'),
    import('../functions/outbox-relay/index.js'),
  ]);
  const relay: Relay = (records) => handler({ Records: records } satisfies DynamoDBStreamEvent, lambdaContext('boai-outbox-relay', ulid(), functionTimeoutMs) satisfies Context);
  // The schedule's event, as EventBridge sends it in AWS.
  const sweep = (): Promise<unknown> => handler({ task: 'sweep' } satisfies SweepEvent, lambdaContext('boai-outbox-relay', ulid(), functionTimeoutMs));

  const clientConfig = { endpoint, region: localRegion, credentials: localCredentials };
  const dynamo = new DynamoDBClient(clientConfig);
  let streamArn: string | undefined;
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    streamArn = Table?.LatestStreamArn;
  } finally {
    dynamo.destroy();
  }
  if (!streamArn) throw new Error(`Table ${tableName} has no stream: the outbox relay needs one (see the table definition)`);
  const streams = new DynamoDBStreamsClient(clientConfig);

  // The local SNS: what a subscriber of the topic would receive.
  const outbox: PublishedMessage[] = [];
  const waiters = new Set<{ predicate: (message: PublishedMessage) => boolean; resolve: (message: PublishedMessage) => void; reject: (error: Error) => void }>();
  const publisher: AlertPublisher = async (message) => {
    options.beforePublish?.(message);
    const published: PublishedMessage = {
      at: new Date().toISOString(),
      messageId: ulid(),
      topic: message.topic,
      subject: message.subject,
      message: message.message,
      attributes: { ...message.attributes },
    };
    // The file first: when it cannot be written the publish fails as a whole and the relay hands
    // the message over again, so the outbox in memory must not have it yet (it would twice).
    if (options.outboxFile) appendFileSync(options.outboxFile, `${JSON.stringify(published)}\n`);
    outbox.push(published);
    // Accepted from here on: telling about it must not fail the publish.
    report(`SNS ▶ ${published.subject}\n${published.message}`);
    for (const waiter of [...waiters]) {
      try {
        if (waiter.predicate(published)) waiter.resolve(published);
      } catch (error) {
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return published.messageId;
  };
  useAlertPublisher(publisher);

  const shards = new Map<string, ShardState>();
  const stopping = new AbortController();
  let lastDescribe = 0;
  let describeSoon = true;
  let lastLoopError = '';
  let lastSweepError = '';
  // Resolved once the stream was first read up to its end (or the first pass failed): the first
  // sweep waits for it, so what the stream still has is delivered by the stream.
  let caughtUp: () => void = () => undefined;
  const firstPass = new Promise<void>((resolve) => {
    caughtUp = resolve;
  });

  /** onEvent, whose faults are not the relay's (a throwing printer must not fail a publish). */
  function report(line: string): void {
    try {
      options.onEvent?.(line);
    } catch {
      // Nothing to tell it with.
    }
  }

  async function describe(): Promise<void> {
    const listed = new Set<string>();
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
        { abortSignal: stopping.signal },
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId) continue;
        listed.add(shard.ShardId);
        const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        const known = shards.get(shard.ShardId);
        if (known) {
          known.closed ||= closed;
        } else {
          shards.set(shard.ShardId, {
            shardId: shard.ShardId,
            parentShardId: shard.ParentShardId,
            iterator: undefined,
            position: { type: 'TRIM_HORIZON' },
            closed,
            endUnconfirmed: false,
            exhausted: false,
            retryAt: 0,
            backoffMs: retryIntervalMs,
          });
        }
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    // A shard trimmed away (24 h) after it was read to its end, or one whose read ended and that
    // is gone now, is forgotten; its children, which wait for an exhausted or unknown parent, may
    // go on. A shard still listed whose read ended while open is read on (see `ended`).
    for (const [id, shard] of shards) if ((shard.exhausted || shard.endUnconfirmed) && !listed.has(id)) shards.delete(id);
    lastDescribe = Date.now();
    describeSoon = false;
  }

  /** A shard is read once its parent is exhausted (or gone), so the stream's order holds across a roll. */
  function ready(shard: ShardState, now: number): boolean {
    if (shard.exhausted || shard.retryAt > now) return false;
    const parent = shard.parentShardId ? shards.get(shard.parentShardId) : undefined;
    return !parent || parent.exhausted;
  }

  async function iteratorOf(shard: ShardState): Promise<string | undefined> {
    if (shard.iterator) return shard.iterator;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.shardId,
        ShardIteratorType: shard.position.type,
        ...(shard.position.type === 'TRIM_HORIZON' ? {} : { SequenceNumber: shard.position.sequenceNumber }),
      }),
      { abortSignal: stopping.signal },
    );
    return ShardIterator;
  }

  /**
   * The read of a shard came to an end: no next iterator, or the shard was not found. Only a
   * shard DescribeStream showed closed is taken as exhausted: DynamoDB Local answers so now and
   * then for an open shard. Otherwise the iterator is dropped, the shards are listed again on the
   * next pass (a shard gone from the listing is forgotten there) and, after a pause, the shard is
   * read on from its checkpoint; should it have closed meanwhile, that read ends it for good.
   */
  function ended(shard: ShardState): void {
    shard.iterator = undefined;
    describeSoon = true;
    if (shard.closed) {
      // Read to its end: its children can start, once the next listing shows them.
      shard.exhausted = true;
      return;
    }
    shard.endUnconfirmed = true;
    shard.retryAt = Date.now() + pollIntervalMs;
  }

  /** Reads one page of a shard and hands its outbox records over. True when the page had records (more may follow at once). */
  async function readShard(shard: ShardState): Promise<boolean> {
    let page: { Records?: StreamRecord[]; NextShardIterator?: string };
    try {
      const iterator = await iteratorOf(shard);
      if (!iterator) {
        ended(shard);
        return false;
      }
      page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: pageSize }), { abortSignal: stopping.signal });
    } catch (error) {
      switch ((error as Error).name) {
        case 'ExpiredIteratorException':
          // Iterators live 15 minutes (a laptop that slept): read on from the checkpoint.
          shard.iterator = undefined;
          return true;
        case 'TrimmedDataAccessException':
          // The checkpoint is older than the stream keeps (24 h): what is left starts at the horizon.
          shard.iterator = undefined;
          shard.position = { type: 'TRIM_HORIZON' };
          return true;
        case 'ResourceNotFoundException':
          // The shard trimmed away, or DynamoDB Local's spurious answer for an open one.
          ended(shard);
          return false;
        default:
          throw error;
      }
    }
    const records = page.Records ?? [];
    if (stopping.signal.aborted) return false;
    // Filtered on the keys first, as the mapping's filter is: other items' images are never converted.
    const outboxRecords = records.filter((record) => isOutboxInsert({ eventName: record.eventName, dynamodb: { Keys: toLambdaMap(record.dynamodb?.Keys ?? {}) } } as DynamoDBRecord)).map((record) => toLambdaRecord(record, streamArn!));
    const failedAt = outboxRecords.length > 0 ? await handOver(outboxRecords) : undefined;
    if (failedAt !== undefined) {
      // As the event source mapping does with ReportBatchItemFailures: everything before the
      // failed record is checkpointed, the failed one and all after it are read again later.
      shard.iterator = undefined;
      shard.position = { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: failedAt };
      shard.retryAt = Date.now() + shard.backoffMs;
      report(`Outbox relay: a message was not delivered; retrying in ${(shard.backoffMs / 1000).toFixed(1)} s 通知未送达，稍后重试`);
      shard.backoffMs = Math.min(shard.backoffMs * 2, backoffCapMs);
      return false;
    }
    shard.backoffMs = retryIntervalMs;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) shard.position = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last };
    shard.iterator = page.NextShardIterator;
    if (page.NextShardIterator) shard.endUnconfirmed = false;
    else ended(shard);
    return records.length > 0;
  }

  /**
   * Calls the handler with the records, in batches of the mapping's size, one after the other;
   * answers the sequence number to resume at, or undefined when all were delivered.
   */
  async function handOver(records: DynamoDBRecord[]): Promise<string | undefined> {
    for (let start = 0; start < records.length; start += batchSize) {
      const batch = records.slice(start, start + batchSize);
      const first = batch[0]!.dynamodb!.SequenceNumber!;
      let response: unknown;
      try {
        response = await relay(batch);
      } catch {
        // A handler that throws fails the whole batch (as in Lambda).
        return first;
      }
      const failure = firstFailure(response);
      if (failure === undefined) continue;
      // An identifier that names no record of the batch (empty, say) fails the whole batch, as
      // the event source mapping treats it.
      return batch.some((record) => record.dynamodb?.SequenceNumber === failure) ? failure : first;
    }
    return undefined;
  }

  async function poll(): Promise<void> {
    let backoffMs = retryIntervalMs;
    while (!stopping.signal.aborted) {
      let more = false;
      try {
        if (describeSoon || Date.now() - lastDescribe >= describeIntervalMs) await describe();
        for (const shard of [...shards.values()]) {
          if (stopping.signal.aborted) break;
          if (ready(shard, Date.now())) more = (await readShard(shard)) || more;
        }
        backoffMs = retryIntervalMs;
        lastLoopError = '';
      } catch (error) {
        if (stopping.signal.aborted) break;
        caughtUp();
        // DynamoDB Local unreachable or similar: say so once, then keep trying with a back-off.
        const text = errorText(error);
        if (text !== lastLoopError) report(`Outbox relay: reading the stream failed, retrying 读取数据流失败，正在重试 (${text})`);
        lastLoopError = text;
        await pause(backoffMs, stopping.signal);
        backoffMs = Math.min(backoffMs * 2, backoffCapMs);
        continue;
      }
      if (!more) caughtUp();
      // A page with records may have more behind it: read on at once. Otherwise wait, so an idle
      // stream costs one GetRecords per shard per interval and never a busy loop.
      if (!more) await pause(pollIntervalMs, stopping.signal);
    }
  }

  /** One sweep; its faults are told once (until a sweep succeeds again) and never thrown. */
  async function sweepOnce(): Promise<void> {
    try {
      await options.beforeSweep?.();
      const answer = await sweep();
      if (!isSweepResult(answer)) {
        const shown = answer === undefined ? 'nothing' : String(JSON.stringify(answer)).slice(0, 200);
        throw new Error(`the relay handler answered ${shown}, not { delivered, failed }`);
      }
      lastSweepError = '';
      if (answer.delivered > 0 || answer.failed > 0) {
        report(`Outbox sweep: ${answer.delivered} late message(s) delivered, ${answer.failed} not delivered 补发滞留通知: 成功 ${answer.delivered}，失败 ${answer.failed}`);
      }
    } catch (error) {
      const text = errorText(error);
      if (text !== lastSweepError) report(`Outbox relay: the sweep failed; it runs again on schedule 补发检查失败，稍后重试 (${text})`);
      lastSweepError = text;
    }
  }

  /**
   * The schedule: a sweep once the stream was first caught up with, then one every
   * `sweepIntervalMs` from the start of the last, never two at once (a slow one delays the
   * next). A message the stream and a sweep deliver at the same moment may be published twice,
   * as in AWS (at least once).
   */
  async function sweepSchedule(): Promise<void> {
    if (!(sweepIntervalMs > 0)) return;
    await firstPass;
    while (!stopping.signal.aborted) {
      const started = Date.now();
      await sweepOnce();
      await pause(started + sweepIntervalMs - Date.now(), stopping.signal);
    }
  }

  const polling = poll().finally(caughtUp);
  const sweeping = sweepSchedule();

  return {
    outbox,
    delivered(predicate, timeoutMs = 10_000) {
      const found = outbox.find(predicate);
      if (found) return Promise.resolve(found);
      if (stopping.signal.aborted) return Promise.reject(new Error('The outbox relay is stopped'));
      return new Promise<PublishedMessage>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (message: PublishedMessage) => {
            finish();
            resolve(message);
          },
          reject: (error: Error) => {
            finish();
            reject(error);
          },
        };
        const timer = setTimeout(() => {
          waiter.reject(new Error(`No matching message published within ${timeoutMs} ms; published: ${JSON.stringify(outbox.map((message) => message.subject))}`));
        }, timeoutMs);
        function finish(): void {
          clearTimeout(timer);
          waiters.delete(waiter);
        }
        waiters.add(waiter);
      });
    },
    async stop() {
      stopping.abort();
      await Promise.all([polling, sweeping]);
      streams.destroy();
      // Only our own: another relay started since keeps its publisher.
      if (alertPublisher() === publisher) useAlertPublisher(undefined);
      for (const waiter of [...waiters]) waiter.reject(new Error('The outbox relay stopped'));
    },
  };
}

/**
 * The first `batchItemFailures` identifier of the handler's answer to stream records; undefined
 * when it reports none (an answer without the list counts as all delivered, as for the mapping).
 */
function firstFailure(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null || !('batchItemFailures' in answer)) return undefined;
  const failures = (answer as Partial<DynamoDBBatchResponse>).batchItemFailures;
  return Array.isArray(failures) && failures.length > 0 ? String(failures[0]?.itemIdentifier ?? '') : undefined;
}

/** Whether the handler's answer to a sweep is a {@link SweepResult}. */
function isSweepResult(answer: unknown): answer is SweepResult {
  if (typeof answer !== 'object' || answer === null) return false;
  const { delivered, failed } = answer as Partial<Record<keyof SweepResult, unknown>>;
  return typeof delivered === 'number' && typeof failed === 'number';
}

/** An error as one printable line: name and message. */
function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Waits `ms` (at once when not positive), or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // setTimeout fires at once for a delay past 2^31 - 1 ms (a huge sweepIntervalMs, say).
    const timer = setTimeout(done, Math.min(Math.max(ms, 0), 2 ** 31 - 1));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A record as the DynamoDB Streams API returns it, in the shape Lambda hands to the handler. */
function toLambdaRecord(record: StreamRecord, eventSourceARN: string): DynamoDBRecord {
  const data = record.dynamodb;
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion ?? localRegion,
    eventSourceARN,
    ...(data
      ? {
          dynamodb: {
            // Lambda carries epoch seconds; the SDK parses the API's number into a Date.
            ...(data.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) } : {}),
            ...(data.Keys ? { Keys: toLambdaMap(data.Keys) } : {}),
            ...(data.NewImage ? { NewImage: toLambdaMap(data.NewImage) } : {}),
            ...(data.OldImage ? { OldImage: toLambdaMap(data.OldImage) } : {}),
            ...(data.SequenceNumber ? { SequenceNumber: data.SequenceNumber } : {}),
            ...(data.SizeBytes !== undefined ? { SizeBytes: data.SizeBytes } : {}),
            ...(data.StreamViewType ? { StreamViewType: data.StreamViewType } : {}),
          },
        }
      : {}),
  };
}

function toLambdaMap(map: Record<string, StreamAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, toLambdaValue(value)]));
}

/** Lambda's JSON has binary values in base64, where the SDK has bytes. */
function toLambdaValue(value: StreamAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((bytes) => Buffer.from(bytes).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaMap(value.M) };
  // A type this SDK version does not model (DynamoDB Local has written one for an empty value):
  // passed on as it came rather than stopping the stream for it.
  return value as unknown as AttributeValue;
}
