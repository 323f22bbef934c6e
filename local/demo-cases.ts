/**
 * Demo typical cases (典型案例) of the pilot county 罗田县: three published stories with photos,
 * written through the same use cases the API runs (create, add photo, publish), so their audit
 * entries, listing entries and stored photos are real. The photos are small illustrations drawn
 * here as PNGs (a few KB each), so no image files live in git.
 */
import type { Principal } from '../shared/auth/principal.js';
import { addCasePhoto } from '../shared/cases/case-photos.js';
import { publishCase } from '../shared/cases/publish-case.js';
import { listCases } from '../shared/cases/read-cases.js';
import { createCase } from '../shared/cases/write-case.js';
import { demoAccounts } from './demo-accounts.js';
import { type Rgb, demoIllustration } from './demo-images.js';

const luotian = '421123000000';

/** A principal for a demo account, as its ID token would give it. */
function principalOf(username: string): Principal {
  const account = demoAccounts.find((candidate) => candidate.username === username);
  if (!account) throw new Error(`No demo account ${username}`);
  return { userId: `demo-${username}`, username, name: account.name, roles: account.roles, division: account.division };
}

// ---- the stories -------------------------------------------------------------------------------

interface DemoCase {
  readonly division: string;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly photos: readonly { caption: string; sky: Rgb; ground: Rgb }[];
}

const stories: readonly DemoCase[] = [
  {
    division: '421123100000',
    title: '凤山镇“博爱家园”把应急救护培训送到家门口',
    summary: '凤山镇红十字会依托“博爱家园”常态化开展救护员培训，半年来 260 名村民取得救护员证，村卫生室和村委会配齐了 AED。',
    body: [
      '凤山镇红十字会成立后，把镇中心的“博爱家园”作为救护培训的固定阵地，每月组织两期应急救护培训，由持证的红十字救护师资授课。',
      '培训内容包括心肺复苏、AED 使用、创伤包扎和常见急症处置。村民可以在家门口报名，考核合格后取得红十字救护员证。',
      '半年来，全镇共有 260 名村民、村干部和网格员取得救护员证。镇里还争取爱心企业捐赠，在村卫生室和村委会配置了 AED，并在旁边张贴了使用说明。',
      '今年春节前，一名持证村民在集市上用学到的心肺复苏技能救助了突发心脏骤停的老人，为送医争取了宝贵时间。',
    ].join('\n\n'),
    photos: [
      { caption: '“博爱家园”里的心肺复苏实操训练', sky: [148, 196, 232], ground: [236, 226, 200] },
      { caption: '村委会门口新配置的 AED', sky: [176, 210, 236], ground: [228, 232, 214] },
    ],
  },
  {
    division: '421123103000',
    title: '九资河镇红十字志愿者连夜转移山洪受困群众',
    summary: '暴雨引发山洪，九资河镇红十字会“2+5”应急救援队与村红十字会专员连夜转移 86 名群众，并第一时间发放备灾物资。',
    body: [
      '七月的一个夜晚，九资河镇遭遇强降雨，多个村出现山洪险情。镇红十字会接到预警后，立即启动应急预案，集结“2+5”应急救援队和救护转运队。',
      '队员们与村红十字会专员一起逐户敲门，转移低洼地带的老人和儿童，共转移群众 86 人，无一人伤亡。',
      '县红十字会备灾仓库连夜调出折叠床、棉被和家庭应急包，次日清晨送达安置点。心理健康志愿者也到安置点陪伴受惊的孩子。',
    ].join('\n\n'),
    photos: [{ caption: '志愿者在安置点发放家庭应急包', sky: [120, 150, 190], ground: [210, 206, 196] }],
  },
  {
    division: '421123101000',
    title: '骆驼坳镇中心小学青少年红十字会开展防溺水教育',
    summary: '暑假前，骆驼坳镇中心小学青少年红十字会与镇红十字会开展防溺水和自救互救课，600 多名学生参加。',
    body: [
      '暑假是溺水事故的高发期。骆驼坳镇中心小学青少年红十字会联合镇红十字会，在放假前为全校学生上了一堂防溺水和自救互救课。',
      '红十字救护师资用情景演示讲解“六不准”，并示范发现同伴落水时如何呼救、如何借助竹竿和救生圈施救，而不是贸然下水。',
      '学生们还在老师指导下练习了心肺复苏。青少年红十字会的学生志愿者把防溺水知识带回村里，向家长和弟弟妹妹宣讲。',
    ].join('\n\n'),
    photos: [{ caption: '学生在老师指导下练习心肺复苏', sky: [160, 214, 200], ground: [240, 230, 190] }],
  },
];

/**
 * Loads the demo typical cases of 罗田县 (three published cases with small generated photos), as
 * county staff `county.luotian`. Safe to call again: a story whose title the county already has
 * is skipped. Needs the media store configured (`BOAI_LOCAL_MEDIA_DIR`, set by `local/stack.ts`).
 */
export async function loadDemoCases(): Promise<void> {
  const officer = principalOf('county.luotian');
  const existing = new Set((await listCases(officer, { county: luotian })).items.map((item) => item.title));
  for (const story of stories) {
    if (existing.has(story.title)) continue;
    const created = await createCase(officer, { division: story.division, title: story.title, summary: story.summary, body: story.body }, undefined);
    let version = created.body.version;
    for (const photo of story.photos) {
      const image = demoIllustration(640, 400, photo.sky, photo.ground);
      const added = await addCasePhoto(officer, created.body.caseId, { contentType: 'image/png', data: image.toString('base64'), caption: photo.caption });
      version = added.body.version;
    }
    await publishCase(officer, created.body.caseId, version);
  }
}
