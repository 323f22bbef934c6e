import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeKeyOf, routes } from '../../shared/http/routes.js';
import { triggerSchemas } from '../support/trigger-schemas.js';
import { fixture } from '../support/events.js';

const eventsDir = new URL('../../events/', import.meta.url);
const triggers = Object.keys(triggerSchemas) as (keyof typeof triggerSchemas)[];

describe('events/ fixtures', () => {
  it('has a folder with at least one fixture per trigger type, and no other folders', () => {
    const folders = readdirSync(eventsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.sort()).toEqual([...triggers].sort());
    for (const trigger of triggers) expect(readdirSync(new URL(`${trigger}/`, eventsDir)).length, trigger).toBeGreaterThan(0);
  });

  for (const trigger of triggers) {
    for (const file of readdirSync(new URL(`${trigger}/`, eventsDir))) {
      it(`${trigger}/${file} matches its schema`, () => {
        const result = triggerSchemas[trigger].safeParse(fixture(`${trigger}/${file}`));
        expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
      });
    }
  }

  it('uses only route keys from the route table in API fixtures', () => {
    const keys = new Set(routes.map(routeKeyOf));
    for (const file of readdirSync(new URL('api-gateway/', eventsDir))) {
      expect(keys.has(fixture(`api-gateway/${file}`).routeKey), file).toBe(true);
    }
  });

  it('rejects a fixture that breaks the contract (the check can fail)', () => {
    const broken = { ...fixture<Record<string, unknown>>('step-functions/enter-step.json'), step: 'celebration' };
    expect(triggerSchemas['step-functions'].safeParse(broken).success).toBe(false);
  });
});
