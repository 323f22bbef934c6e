import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { documentClient, tableName } from '../data/dynamo-client.js';
import { transactWrite } from '../data/transaction.js';
import { provinceCode } from '../divisions/division-code.js';

/** One item of the "five haves" (五有) checklist. */
export interface StandardItem {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

/** The checklist the source document gives; used until the province sets its own. */
export const defaultStandards: readonly StandardItem[] = [
  { id: 'leader', zh: '有热心红十字事业的带头人', en: 'A leader committed to the Red Cross cause' },
  { id: 'team', zh: '有稳定的会员和志愿者队伍', en: 'A stable body of members and volunteers' },
  { id: 'rules', zh: '有规范的管理制度', en: 'Sound management rules' },
  { id: 'platform', zh: '有稳固的服务平台', en: 'A solid service platform' },
  { id: 'activities', zh: '有红十字特色活动', en: 'Distinctive Red Cross activities' },
];

/** Body schema of PUT /api/branch-standards. */
export const standardsInputSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string().check(z.regex(/^[a-zA-Z][\w-]{0,39}$/)),
        zh: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
        en: z.string().check(z.trim(), z.minLength(1), z.maxLength(160)),
      }),
    )
    .check(
      z.minLength(1),
      z.maxLength(20),
      z.refine((items) => new Set(items.map((item) => item.id)).size === items.length, 'item ids must be unique'),
    ),
});

/** Keys of the province's BranchStandards configuration item. */
export const standardsKeys = { partition: (province: string) => `CONFIG#${province}`, sort: 'BRANCH_STANDARDS' } as const;

/** The checklist in force for a province (the default until one is saved). */
export async function loadStandards(province: string = provinceCode): Promise<readonly StandardItem[]> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: { PK: standardsKeys.partition(province), SK: standardsKeys.sort } }),
  );
  return (Item?.items as StandardItem[] | undefined) ?? defaultStandards;
}

/**
 * Reads the checklist: any staff role that may read branches.
 */
export async function readStandards(principal: Principal | undefined): Promise<{ province: string; items: readonly StandardItem[] }> {
  authorize(principal, 'branch:read');
  return { province: provinceCode, items: await loadStandards() };
}

/**
 * Province staff replace the checklist. Steps: authorise `standards:manage` on the province;
 * write the configuration and an audit entry in one transaction. Existing branch answers keep
 * their item ids; items no longer listed simply stop being asked.
 */
export async function saveStandards(
  principal: Principal | undefined,
  items: readonly StandardItem[],
): Promise<{ province: string; items: readonly StandardItem[] }> {
  const actor = authorize(principal, 'standards:manage', { division: provinceCode });
  const before = await loadStandards();
  const at = new Date().toISOString();
  await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: { PK: standardsKeys.partition(provinceCode), SK: standardsKeys.sort, entity: 'BranchStandards', items, updatedAt: at },
      },
    },
    auditItem({ actor, action: 'standards.save', entity: 'BranchStandards', entityId: provinceCode, division: provinceCode, before: { items: before }, after: { items } }, at),
  ]);
  return { province: provinceCode, items };
}

