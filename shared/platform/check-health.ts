import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { logger } from '../observability/logger.js';

/** Health as reported to load balancers, the status page and the home page footer. */
export interface Health {
  readonly status: 'ok' | 'unavailable';
  readonly time: string;
  readonly table: 'reachable' | 'unreachable';
}

/**
 * Check that the process runs and the table answers.
 *
 * Steps: a GetItem on a fixed key that never holds data (cheap, needs only read access, no
 * control-plane call); any failure is reported as `unavailable` rather than thrown.
 */
export async function checkHealth(now: Date = new Date()): Promise<Health> {
  try {
    await documentClient.send(new GetCommand({ TableName: tableName(), Key: { PK: 'HEALTH', SK: '#' } }));
    return { status: 'ok', time: now.toISOString(), table: 'reachable' };
  } catch (error) {
    logger.warn('Health check: table unreachable', { errorName: (error as Error).name });
    return { status: 'unavailable', time: now.toISOString(), table: 'unreachable' };
  }
}
