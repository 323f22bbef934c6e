import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { seed } from '../../local/seed.js';
import { documentClient, tableName } from '../../shared/data/dynamo-client.js';
import { findDivisionWithChildren } from '../../shared/divisions/division-repository.js';

describe('first full seed', () => {
  it('serves the upper levels at once, loads villages in the background, and resumes if stopped', async () => {
    await seed('pilot');
    const stop = new AbortController();
    const result = await seed('all', undefined, stop.signal);
    expect(result.background).toBeInstanceOf(Promise);

    // Upper levels are in before seed() resolves, with child counts from the full data set.
    const shennongjia = await findDivisionWithChildren('429021000000');
    expect(shennongjia?.division.name).toBe('神农架林区');
    const township = shennongjia?.children[0];
    expect(township?.childCount).toBeGreaterThan(0);

    stop.abort();
    await result.background;
    // Stopped before the villages were all in: the marker still says the pilot subset, so the
    // next start loads everything again.
    const marker = await documentClient.send(new GetCommand({ TableName: tableName(), Key: { PK: 'SEED', SK: 'divisions' } }));
    expect(marker.Item?.set).toBe('pilot');
  });
});
