/**
 * Demo step 4 (pilots): what a county, a city and an evaluator find when they sign in. Written
 * through the same use cases as the API, and moved along by the local workflow runner, which must
 * be running (`local/stack.ts` starts it before the seed).
 *
 * - 罗田县: plan approved by 黄冈市, now in deployment, with targets partly met by the demo
 *   branches and figures the county reported.
 * - 麻城市: plan submitted, waiting for 黄冈市's review (the city account has a decision to make).
 * - 英山县: no pilot yet (the browser test drafts and submits one).
 */
import { decideStep } from '../shared/pilots/decide-step.js';
import { draftPilot } from '../shared/pilots/draft-pilot.js';
import { getPilotItem } from '../shared/pilots/pilot-repository.js';
import { reportFigures } from '../shared/pilots/read-pilots.js';
import { submitPilot } from '../shared/pilots/submit-pilot.js';
import { hasInstalledEngine } from '../shared/pilots/workflow-engine.js';
import { principalOf } from './demo-data.js';

/** A Shanghai calendar date `days` from now, as a plan's deadline is entered. */
function dateIn(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

function plan(summary: string) {
  return {
    summary,
    targets: {
      townshipCoveragePct: 100,
      villageCoveragePct: 80,
      schoolBranches: 10,
      hospitalBranches: 5,
      enterpriseBranches: 4,
      boaiHomes: 8,
      firstAiders: 2000,
      aeds: 20,
      volunteers: 500,
      fundsRaisedFen: 50_000_000,
    },
    deadlines: { planReview: dateIn(14), deployment: dateIn(210), publicity: dateIn(270), evaluation: dateIn(330), consolidation: dateIn(540) },
  };
}

/** Waits (briefly) for the workflow to reach `step`. */
async function reach(county: string, step: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await getPilotItem(county))?.step === step) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The demo pilot of ${county} did not reach ${step}`);
}

/** Loads the demo pilots. Returns how many were created (none without a running workflow). */
export async function loadDemoPilots(): Promise<number> {
  // Seeding a table on its own (a test of the seed) has no workflow to move pilots along.
  if (!hasInstalledEngine()) return 0;
  const luotian = '421123000000';
  const macheng = '421181000000';
  const county = principalOf('county.luotian');
  const drafted = await draftPilot(county, {
    county: luotian,
    name: '罗田县红十字会基层组织建设试点',
    plan: plan('以“应建尽建”为目标，2027 年底前乡镇（街道）红十字会全覆盖、村（社区）覆盖率达到 80%；每个乡镇建成一个博爱家园，县城学校、医院、规模企业普遍建会；培训救护员 2000 名，公共场所配置 AED 20 台。'),
  });
  await submitPilot(county, luotian, drafted.version);
  await reach(luotian, 'planReview');
  await decideStep(principalOf('city.huanggang'), luotian, { step: 'planReview', outcome: 'approve', comments: '方案目标明确、措施具体，同意实施。请按季度报送进展。' });
  await reach(luotian, 'deployment');
  await reportFigures(county, luotian, { firstAiders: 1260, aeds: 12, fundsRaisedFen: 32_600_000 });

  // 麻城市 has no county account in the demo; a principal scoped to it drafts its plan.
  const machengStaff = { ...county, userId: 'demo-county.macheng', username: 'county.macheng', name: '麻城市红会 演示', division: macheng };
  const second = await draftPilot(machengStaff, {
    county: macheng,
    name: '麻城市红十字会基层组织建设试点',
    plan: plan('依托乡镇卫生院和中小学，分两批推进基层红十字会建设，重点打造 8 个博爱家园示范点。'),
  });
  await submitPilot(machengStaff, macheng, second.version);
  await reach(macheng, 'planReview');
  return 2;
}
