import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/observability/logger.js';
import { relayOutbox, sweepOutbox, type SweepResult } from '../../shared/outbox/relay-outbox.js';

/** The schedule's event (EventBridge, every 15 minutes; locally the relay's timer). */
export interface SweepEvent {
  readonly task: 'sweep';
}

/**
 * Lambda entry of the outbox relay (DESIGN §4.12), for two triggers:
 * - the table's stream, filtered to new OutboxMessage items: delivered to SNS; a record that
 *   fails is reported back so the event source mapping retries from it;
 * - the sweep schedule: messages the stream has not delivered within 15 minutes are delivered
 *   from the pending index, so a record the mapping gave up on (after a day) is not lost.
 */
export const handler = middy<DynamoDBStreamEvent | SweepEvent, DynamoDBBatchResponse | SweepResult, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .handler((event) => ('task' in event && event.task === 'sweep' ? sweepOutbox() : relayOutbox((event as DynamoDBStreamEvent).Records ?? [])));
