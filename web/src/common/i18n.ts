/**
 * The one dictionary of every UI string the web site shows, in Chinese (default) and English, plus
 * the small helpers both the public pages and the staff portal use to pick a language and format
 * times. Chinese is the source: `en` is typed against its keys, so a string missing in English is a
 * compile error rather than a blank label on a volunteer's phone.
 *
 * Kept free of DOM and Preact imports so the build script can render the public page's Chinese
 * text at build time (first paint without JavaScript) and unit tests can run it in Node.
 */

/** UI languages. `zh` is Simplified Chinese as used in mainland China (zh-CN). */
export type Lang = 'zh' | 'en';

/** localStorage key shared by the public site and the portal, so a choice made on one holds on the other. */
export const langStorageKey = 'boai.lang';

/** The platform's display time zone (DESIGN §4.6: UTC in storage, Asia/Shanghai on screen). */
export const displayTimeZone = 'Asia/Shanghai';

const zh = {
  // Shared
  'app.name': '博爱',
  'app.org': '湖北省红十字会',
  'app.skip': '跳到主要内容',
  'lang.label': '语言',
  'lang.zh': '中文',
  'lang.en': 'English',
  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.networkError': '无法连接服务器，请检查网络后重试。',
  'common.unexpected': '出现意外错误，请稍后重试。',
  'common.code': '区划代码',

  // Division levels
  'level.province': '省级',
  'level.city': '市（州）级',
  'level.county': '县（市、区）级',
  'level.township': '乡镇（街道）级',
  'level.village': '村（社区）级',

  // Public site
  'public.title': '博爱 · 湖北省红十字会',
  'public.nav.label': '网站导航',
  'public.nav.services': '我们做什么',
  'public.nav.find': '身边的红十字会',
  'public.nav.portal': '工作人员入口',
  'public.hero.motto': '人道 · 博爱 · 奉献',
  'public.hero.lead':
    '“博爱”是湖北省红十字会的服务平台，连接省、市、县红十字会与乡镇（街道）、村（社区）的基层组织，让救援、救护、救助和“三献”服务走完“最后一公里”。',
  'public.hero.find': '查找身边的红十字会',
  'public.services.title': '我们做什么',
  'public.services.lead': '围绕生命、健康、安全，县级红十字会及其基层组织提供四张服务清单（“145”工作体系）。',
  'service.rescue.title': '应急救援',
  'service.rescue.text': '建设应急指挥中心和救援队伍，完善预案、定期演练，建立备灾救灾仓储体系，灾害发生时快速调运物资。',
  'service.firstAid.title': '应急救护',
  'service.firstAid.text': '常态化开展救护员培训，壮大持证救护志愿者队伍，在公共场所配置更多 AED（自动体外除颤器）。',
  'service.relief.title': '人道救助',
  'service.relief.text': '建立困难群众服务清单，开展“博爱送万家”活动，救助患先心病、白血病等疾病的儿童。',
  'service.donations.title': '三献',
  'service.donations.text': '倡导无偿献血，招募和保留造血干细胞捐献志愿者，缅怀、慰问人体器官捐献者及其家属。',
  'find.title': '找到身边的红十字会',
  'find.lead': '从湖北省开始，逐级选择市（州）、县（市、区）、乡镇（街道）和村（社区）。',
  'find.breadcrumb': '当前位置',
  'find.loading': '正在加载{name}的下级区划…',
  'find.loaded': '{name}：共 {count} 个下级区划',
  'find.leaf': '{name}没有下级区划。',
  'find.error': '无法加载区划：{message}',
  'find.listTitle': '{name}的下级区划（{count}）',
  'find.selected': '已选择',
  'find.society': '当地红十字会：{society}',
  'find.guided': '这里的红十字会基层组织和红十字会专员由{society}指导。',
  'find.societyName': '{name}红十字会',
  'status.label': '服务状态：',
  'status.checking': '正在检查…',
  'status.ok': '运行正常',
  'status.down': '暂不可用',
  'status.checkedAt': '更新于 {time}（北京时间）',
  'footer.about': '湖北省红十字会 · 博爱服务平台',
  'footer.motto': '人道、博爱、奉献',


  // Branch vocabulary shared by the public finder and the portal (DESIGN §8)
  'branchType.township': '乡镇',
  'branchType.subdistrict': '街道',
  'branchType.village': '村',
  'branchType.community': '社区',
  'branchType.school': '学校',
  'branchType.hospital': '医院',
  'branchType.enterprise': '企业',
  'branchType.institution': '机关事业单位',
  'branchType.other': '其他',
  'site.boaiHome': '博爱家园',
  'site.youthBase': '青少年工作基地',
  'site.scenicAidStation': '景区救护站',
  'site.schoolClinic': '博爱校医室',
  'site.healthStation': '博爱卫生站',
  'site.memorialGarden': '缅怀纪念园',
  'site.firstAidTrainingBase': '救护培训基地',
  'site.safetyExperienceHall': '生命安全体验馆',

  // Public branch finder (/branches/)
  'public.nav.branches': '找红会',
  'branchFinder.title': '找红会 · 身边的红十字会基层组织',
  'branchFinder.heading': '找红会',
  'branchFinder.lead': '选择市（州）、县（市、区），可再选乡镇（街道），查看当地已成立的红十字会基层组织及其阵地。',
  'branchFinder.city': '市（州）',
  'branchFinder.county': '县（市、区）',
  'branchFinder.township': '乡镇（街道）',
  'branchFinder.choose': '请选择',
  'branchFinder.allTownships': '全部乡镇（街道）',
  'branchFinder.loading': '正在加载…',
  'branchFinder.pick': '请先选择市（州）和县（市、区）。',
  'branchFinder.count': '{name}共有 {count} 个基层组织',
  'branchFinder.empty': '{name}暂无已公布的基层组织。',
  'branchFinder.nearest': '离我最近',
  'branchFinder.locating': '正在定位…',
  'branchFinder.noLocation': '无法获取您的位置，请检查定位权限后重试。',
  'branchFinder.distance': '距您约 {km} 公里',
  'branchFinder.error': '无法加载：{message}',
  'branchFinder.host': '依托单位',
  'branchFinder.type': '类型',
  'branchFinder.place': '所在地',
  'branchFinder.founded': '成立日期',
  'branchFinder.sites': '阵地',
  'branchFinder.noSites': '暂无登记的阵地',
  'branchFinder.resultsTitle': '基层组织',

  // Public typical cases (/cases/)
  'public.nav.cases': '典型案例',
  'cases.title': '典型案例 · 湖北省红十字会',
  'cases.heading': '典型案例',
  'cases.lead': '各地红十字会在基层组织建设试点中的好做法、好故事。可按市（州）、县（市、区）查看。',
  'cases.city': '市（州）',
  'cases.county': '县（市、区）',
  'cases.wholeProvince': '全省',
  'cases.allCounties': '全部县（市、区）',
  'cases.loading': '正在加载…',
  'cases.shown': '{name}：已显示 {count} 个典型案例',
  'cases.shownOne': '{name}：已显示 {count} 个典型案例',
  'cases.shownMore': '{name}：已显示 {count} 个典型案例，还有更多',
  'cases.shownMoreOne': '{name}：已显示 {count} 个典型案例，还有更多',
  'cases.empty': '{name}暂无已发布的典型案例。',
  'cases.more': '加载更多案例',
  'cases.error': '无法加载：{message}',
  'cases.publishedOn': '发布于 {date}',
  'cases.photoCount': '{count} 张照片',
  'cases.back': '返回案例列表',
  'cases.notFound': '没有找到这个案例，它可能已被撤回。',
  'cases.detailLoading': '正在加载案例…',
  'cases.photosLabel': '案例照片',
  'cases.noScript': '查看典型案例需要启用 JavaScript。',

  // Staff portal
  'portal.title': '工作人员门户',
  'portal.loadingAccount': '正在加载账户信息…',
  'portal.meError': '无法加载账户信息：{message}',
  'portal.configError': '无法加载站点配置：{message}',
  'signIn.title': '工作人员登录',
  'signIn.username': '用户名',
  'signIn.password': '密码',
  'signIn.submit': '登录',
  'signIn.busy': '正在登录…',
  'signIn.required': '请输入用户名和密码。',
  'signIn.expired': '登录已过期，请重新登录。',
  'signIn.signedOut': '您已退出登录。',
  'signIn.demoTitle': '本地演示账号',
  'signIn.demoNote': '仅在本地运行时显示。以下账号的密码均为：',
  'signIn.cognitoLead': '您将跳转到安全登录页面，登录完成后自动返回门户。',
  'signIn.cognitoSubmit': '前往登录',
  'signIn.redirecting': '正在跳转…',
  'signIn.codeFailed': '登录未完成，请重试。',
  'signIn.backHome': '返回首页',
  'shell.menu': '菜单',
  'shell.nav': '门户导航',
  'shell.signOut': '退出登录',
  'shell.account': '当前账户',
  'shell.roles': '角色',
  'shell.division': '管辖范围',
  'section.overview': '概览',
  'section.branches': '基层组织',
  'section.volunteers': '志愿服务',
  'section.donations': '捐赠与公开',
  'section.logistics': '备灾物资',
  'section.mobilisation': '应急动员',
  'section.pilot': '试点工作',
  'section.audit': '审计日志',
  'overview.welcome': '您好，{name}',
  'overview.scope': '管辖范围',
  'overview.scopeValue': '{name} · {level}',
  'overview.roles': '角色',
  'overview.username': '用户名',
  'overview.children': '下级区划',
  'overview.childrenCount': '{name}共有 {count} 个下级区划。',
  'overview.childrenEmpty': '{name}没有下级区划。',
  'overview.childrenError': '无法加载下级区划：{message}',
  'overview.name': '名称',
  'overview.level': '层级',
  'comingSoon.title': '建设中',
  'comingSoon.text': '“{section}”模块正在建设中，将在后续版本中提供。',
  'notAllowed.title': '无法访问该栏目',
  'notAllowed.text': '您的角色没有此栏目的访问权限。请从导航中选择其他栏目。',
} as const;

/** Every UI string key. */
export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.name': 'Boai',
  'app.org': 'Hubei Red Cross Society',
  'app.skip': 'Skip to main content',
  'lang.label': 'Language',
  'lang.zh': '中文',
  'lang.en': 'English',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.networkError': 'Could not reach the server. Check your connection and try again.',
  'common.unexpected': 'Something went wrong. Please try again later.',
  'common.code': 'Division code',

  'level.province': 'Province level',
  'level.city': 'City level',
  'level.county': 'County level',
  'level.township': 'Township level',
  'level.village': 'Village level',

  'public.title': 'Boai · Hubei Red Cross Society',
  'public.nav.label': 'Site navigation',
  'public.nav.services': 'What we do',
  'public.nav.find': 'Your local Red Cross',
  'public.nav.portal': 'Staff portal',
  'public.hero.motto': 'Humanity · Fraternity · Dedication',
  'public.hero.lead':
    'Boai is the Hubei Red Cross Society’s service platform. It links the province, city and county Red Cross societies with their branches in townships, subdistricts, villages and communities, so that rescue, first aid, relief and the “three donations” reach the last kilometre.',
  'public.hero.find': 'Find your local Red Cross',
  'public.services.title': 'What we do',
  'public.services.lead':
    'Around life, health and safety, county Red Cross societies and their branches offer four lists of services (the “145” programme).',
  'service.rescue.title': 'Emergency rescue',
  'service.rescue.text':
    'An emergency command centre and rescue teams, plans and regular drills, and a network of disaster-preparedness warehouses that moves supplies fast when disaster strikes.',
  'service.firstAid.title': 'First aid',
  'service.firstAid.text':
    'Continuous first-aider training, a growing corps of certified first-aid volunteers, and more AEDs (automated external defibrillators) in public places.',
  'service.relief.title': 'Humanitarian relief',
  'service.relief.text':
    'A service list for people in difficulty, the Spring Festival “Boai to Every Home” aid campaign, and help for children with congenital heart disease, leukaemia and other illnesses.',
  'service.donations.title': 'Three donations',
  'service.donations.text':
    'Promoting unpaid blood donation, recruiting and keeping stem-cell donor volunteers, and honouring organ donors and their families.',
  'find.title': 'Find your local Red Cross',
  'find.lead': 'Start from Hubei Province and choose your city, county, township and village.',
  'find.breadcrumb': 'Current location',
  'find.loading': 'Loading the divisions of {name}…',
  'find.loaded': '{name}: {count} divisions',
  'find.leaf': '{name} has no divisions below it.',
  'find.error': 'Could not load divisions: {message}',
  'find.listTitle': 'Divisions of {name} ({count})',
  'find.selected': 'Selected',
  'find.society': 'Your local society: {society}',
  'find.guided': 'Red Cross branches and commissioners here are guided by the {society}.',
  'find.societyName': 'Red Cross Society of {name}',
  'status.label': 'Service status: ',
  'status.checking': 'Checking…',
  'status.ok': 'Operational',
  'status.down': 'Unavailable',
  'status.checkedAt': 'checked {time} (Beijing time)',
  'footer.about': 'Hubei Red Cross Society · Boai service platform',
  'footer.motto': 'Humanity, fraternity, dedication',


  'branchType.township': 'Township',
  'branchType.subdistrict': 'Subdistrict',
  'branchType.village': 'Village',
  'branchType.community': 'Community',
  'branchType.school': 'School',
  'branchType.hospital': 'Hospital',
  'branchType.enterprise': 'Enterprise',
  'branchType.institution': 'Public institution',
  'branchType.other': 'Other',
  'site.boaiHome': 'Boai Home',
  'site.youthBase': 'Youth work base',
  'site.scenicAidStation': 'Scenic-area first-aid station',
  'site.schoolClinic': 'Boai school clinic',
  'site.healthStation': 'Boai health station',
  'site.memorialGarden': 'Memorial garden',
  'site.firstAidTrainingBase': 'First-aid training base',
  'site.safetyExperienceHall': 'Life-safety experience hall',

  'public.nav.branches': 'Find a branch',
  'branchFinder.title': 'Find a Red Cross branch near you',
  'branchFinder.heading': 'Find a Red Cross branch',
  'branchFinder.lead': 'Choose a city and a county, and optionally a township, to see the Red Cross branches there and their sites.',
  'branchFinder.city': 'City',
  'branchFinder.county': 'County',
  'branchFinder.township': 'Township',
  'branchFinder.choose': 'Choose…',
  'branchFinder.allTownships': 'All townships',
  'branchFinder.loading': 'Loading…',
  'branchFinder.pick': 'Choose a city and a county first.',
  'branchFinder.count': '{name}: {count} branches',
  'branchFinder.empty': '{name} has no published branches yet.',
  'branchFinder.nearest': 'Nearest to me',
  'branchFinder.locating': 'Locating…',
  'branchFinder.noLocation': 'Your location is not available; check the location permission and try again.',
  'branchFinder.distance': 'About {km} km from you',
  'branchFinder.error': 'Could not load: {message}',
  'branchFinder.host': 'Host organisation',
  'branchFinder.type': 'Type',
  'branchFinder.place': 'Location',
  'branchFinder.founded': 'Founded',
  'branchFinder.sites': 'Sites',
  'branchFinder.noSites': 'No sites registered',
  'branchFinder.resultsTitle': 'Branches',

  'public.nav.cases': 'Typical cases',
  'cases.title': 'Typical cases · Hubei Red Cross Society',
  'cases.heading': 'Typical cases',
  'cases.lead': 'Good practice and stories from Red Cross branches in the grassroots pilot, by city and county.',
  'cases.city': 'City',
  'cases.county': 'County',
  'cases.wholeProvince': 'Whole province',
  'cases.allCounties': 'All counties',
  'cases.loading': 'Loading…',
  'cases.shown': '{name}: showing {count} typical cases',
  'cases.shownOne': '{name}: showing {count} typical case',
  'cases.shownMore': '{name}: showing {count} typical cases, more to load',
  'cases.shownMoreOne': '{name}: showing {count} typical case, more to load',
  'cases.empty': '{name} has no published typical cases yet.',
  'cases.more': 'Load more',
  'cases.error': 'Could not load: {message}',
  'cases.publishedOn': 'Published {date}',
  'cases.photoCount': '{count} photos',
  'cases.back': 'Back to all typical cases',
  'cases.notFound': 'This typical case was not found; it may have been withdrawn.',
  'cases.detailLoading': 'Loading…',
  'cases.photosLabel': 'Photos',
  'cases.noScript': 'Reading typical cases needs JavaScript.',

  'portal.title': 'Staff portal',
  'portal.loadingAccount': 'Loading your account…',
  'portal.meError': 'Could not load your account: {message}',
  'portal.configError': 'Could not load the site configuration: {message}',
  'signIn.title': 'Staff sign-in',
  'signIn.username': 'Username',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.busy': 'Signing in…',
  'signIn.required': 'Enter your username and password.',
  'signIn.expired': 'Your session has expired. Please sign in again.',
  'signIn.signedOut': 'You have signed out.',
  'signIn.demoTitle': 'Local demo accounts',
  'signIn.demoNote': 'Shown only when running locally. Every account below uses the password',
  'signIn.cognitoLead': 'You will go to the secure sign-in page and come back to the portal afterwards.',
  'signIn.cognitoSubmit': 'Continue to sign-in',
  'signIn.redirecting': 'Redirecting…',
  'signIn.codeFailed': 'Sign-in did not complete. Please try again.',
  'signIn.backHome': 'Back to the public site',
  'shell.menu': 'Menu',
  'shell.nav': 'Portal navigation',
  'shell.signOut': 'Sign out',
  'shell.account': 'Signed in as',
  'shell.roles': 'Roles',
  'shell.division': 'Scope',
  'section.overview': 'Overview',
  'section.branches': 'Branches',
  'section.volunteers': 'Volunteers',
  'section.donations': 'Donations & disclosure',
  'section.logistics': 'Disaster supplies',
  'section.mobilisation': 'Mobilisation',
  'section.pilot': 'Pilot',
  'section.audit': 'Audit log',
  'overview.welcome': 'Welcome, {name}',
  'overview.scope': 'Scope',
  'overview.scopeValue': '{name} · {level}',
  'overview.roles': 'Roles',
  'overview.username': 'Username',
  'overview.children': 'Divisions in your scope',
  'overview.childrenCount': '{name} has {count} divisions.',
  'overview.childrenEmpty': '{name} has no divisions below it.',
  'overview.childrenError': 'Could not load divisions: {message}',
  'overview.name': 'Name',
  'overview.level': 'Level',
  'comingSoon.title': 'Coming in a later release',
  'comingSoon.text': 'The “{section}” section is being built and will arrive in a later release.',
  'notAllowed.title': 'Section not available',
  'notAllowed.text': 'Your roles do not include this section. Choose another section from the navigation.',
};

/** Both dictionaries, for tests and for the build's pre-rendering. */
export const dictionary: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { zh, en };

/** Values substituted into `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The `key` string in `lang`, with `{placeholders}` filled from `params` (unknown ones are left visible). */
export function t(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const template = dictionary[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Narrows a string read from the DOM (e.g. a `data-i18n` attribute) to a known key. */
export function isMessageKey(value: string | undefined): value is MessageKey {
  return value !== undefined && Object.prototype.hasOwnProperty.call(zh, value);
}

/** Narrows an arbitrary string to a {@link Lang}. */
export function isLang(value: string | null | undefined): value is Lang {
  return value === 'zh' || value === 'en';
}

/**
 * The language to start in: the stored choice, else Chinese. The browser's own language is
 * deliberately ignored: the audience is in Hubei and many phones are set to English UI while
 * their owners expect a Chinese Red Cross site.
 */
export function readStoredLang(storage: Pick<Storage, 'getItem'> | undefined = safeLocalStorage()): Lang {
  try {
    const stored = storage?.getItem(langStorageKey);
    return isLang(stored) ? stored : 'zh';
  } catch {
    return 'zh';
  }
}

/** Remembers the language choice; silently does nothing where storage is blocked (private modes, some in-app browsers). */
export function storeLang(lang: Lang, storage: Pick<Storage, 'setItem'> | undefined = safeLocalStorage()): void {
  try {
    storage?.setItem(langStorageKey, lang);
  } catch {
    // Storage can throw (quota, disabled cookies); the choice then lasts for this page only.
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** BCP 47 tag for `<html lang>` and `Accept-Language`. */
export function langTag(lang: Lang): 'zh-CN' | 'en' {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

const dateTimeFormats = new Map<Lang, Intl.DateTimeFormat>();

/**
 * Formats an ISO 8601 instant as a date and time in Asia/Shanghai, whatever the device's zone.
 * Returns the input unchanged if it is not a valid date, so a malformed value is visible rather
 * than shown as "Invalid Date".
 */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateTimeFormats.get(lang);
  if (!format) {
    // en-GB gives an unambiguous day-month order and a 24-hour clock, matching Chinese usage.
    format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: displayTimeZone,
      year: 'numeric',
      month: lang === 'zh' ? 'numeric' : 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(lang, format);
  }
  return format.format(date);
}
