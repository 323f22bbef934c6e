import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeKeyOf, routes } from '../../shared/http/routes.js';
import { tableDefinition } from '../../shared/data/table-definition.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs stay in step with the code', () => {
  it('docs/api.md lists every route of the route table', () => {
    const api = read('docs/api.md');
    for (const route of routes) expect(api, routeKeyOf(route)).toContain(`\`${routeKeyOf(route)}\``);
  });

  it('docs/data-model.md names every key attribute and index', () => {
    const model = read('docs/data-model.md');
    const names = [tableDefinition.partitionKey, tableDefinition.sortKey, tableDefinition.timeToLiveAttribute];
    for (const index of tableDefinition.globalSecondaryIndexes) names.push(index.indexName, index.partitionKey, index.sortKey);
    for (const name of names) expect(model, name).toContain(`\`${name}\``);
  });
});
