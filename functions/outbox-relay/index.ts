import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/observability/logger.js';
import { relayOutbox } from '../../shared/outbox/relay-outbox.js';

/**
 * Lambda entry of the outbox relay: the table's stream, filtered to new OutboxMessage items,
 * delivered to SNS (DESIGN §4.12). A record that fails is reported back so the event source
 * mapping retries from it; after its retries the mapping sends the record's pointer to the
 * relay's dead-letter queue, and the message itself stays undelivered in the table.
 */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .handler((event) => relayOutbox(event.Records ?? []));
