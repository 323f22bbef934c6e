/**
 * The one definition of Boai's single DynamoDB table (DESIGN §4.2).
 *
 * CDK (`infra/stacks/stateful-stack.ts`) and the local runtime (`local/dynamo.ts`) both build
 * the table from this object, so keys, indexes, stream and TTL cannot drift between runtimes.
 * Entities own their key builders (see `docs/data-model.md`); this file owns only attribute names.
 */
export interface IndexDefinition {
  /** Index name as used in Query `IndexName`. */
  readonly indexName: string;
  /** Partition key attribute (always a string). */
  readonly partitionKey: string;
  /** Sort key attribute (always a string). */
  readonly sortKey: string;
}

/** Shape of {@link tableDefinition}. */
export interface TableDefinition {
  /** Logical name; the physical name comes from the `TABLE_NAME` environment variable. */
  readonly logicalName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Stream view type: aggregators and the outbox relay need both images. */
  readonly streamViewType: 'NEW_AND_OLD_IMAGES';
  /** Attribute holding an epoch-seconds expiry (idempotency records, sessions). */
  readonly timeToLiveAttribute: string;
}

/** Boai's single table: generic key names, two overloaded GSIs. */
export const tableDefinition: TableDefinition = {
  logicalName: 'BoaiTable',
  partitionKey: 'PK',
  sortKey: 'SK',
  globalSecondaryIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
  streamViewType: 'NEW_AND_OLD_IMAGES',
  timeToLiveAttribute: 'expiresAt',
};
