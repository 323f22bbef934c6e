/**
 * The stateless stack: code and routing that can be replaced at any time without losing data.
 *
 * - one {@link BoaiFunction} per entry of `functionNames`, each bound to the table with the access
 *   level in {@link functionTableAccess}
 * - the HTTP API built from the route table, staff routes behind a Cognito JWT authorizer
 * - the web portal's Cognito app client (here, not in the stateful stack, because its callback URL
 *   is the distribution's domain, which only exists in this stack)
 * - the CloudFront distribution serving the site and `/api/*` (public reference data cached at the
 *   edge), and the site deployment
 * - the pilot workflow: a Step Functions state machine and its task function ({@link PilotWorkflow})
 */
import { CfnOutput, Duration, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { functionNames, type FunctionName } from '../../shared/http/routes.js';
import { BoaiFunction, type TableAccess } from '../constructs/boai-function.js';
import { BoaiHttpApi } from '../constructs/boai-http-api.js';
import { BoaiWebSite } from '../constructs/boai-web-site.js';
import { grantMediaWrite, importMediaBucket } from '../constructs/media-bucket.js';
import { OutboxRelay } from '../constructs/outbox-relay.js';
import { PilotWorkflow } from '../constructs/pilot-workflow.js';
import { defaultFunctionsDir, defaultWebAssetPath } from '../constructs/repo-paths.js';
import { divisionAttributeName, type StatefulResources } from './stateful-stack.js';

/**
 * Table access per domain function. A `Record` over `FunctionName`, so adding a name to
 * `functionNames` does not compile until its access level is decided here.
 */
export const functionTableAccess: Readonly<Record<FunctionName, TableAccess>> = {
  platform: 'read',
  divisions: 'read',
  identity: 'read',
  branches: 'readWrite',
  members: 'readWrite',
  // Writes only a county's targets; otherwise reads aggregates and public branch fields.
  coverage: 'readWrite',
  // Pilots, their timelines and decisions; reads coverage and branches for the KPI scorecard.
  pilots: 'readWrite',
  cases: 'readWrite',
};

/**
 * Timeouts that differ from {@link BoaiFunction}'s 10 s default. `branches` serves CSV imports of
 * up to 2,000 rows (one transaction per row, eight in flight); its gateway integration waits
 * slightly longer than the function (CDK allows up to 29 s), so a slow import ends with the
 * function's own answer rather than the gateway's 503.
 */
export const functionTimeoutSeconds: Readonly<Partial<Record<FunctionName, number>>> = {
  branches: 27,
};

/**
 * Which functions handle personal data (DESIGN §4.9) and so may use the personal-data keys:
 * generate/unwrap data keys and compute lookup hashes. A `Record` over `FunctionName`, so a new
 * function does not compile until this is decided; every other function's role has no grant on
 * those keys at all.
 */
export const functionPersonalData: Readonly<Record<FunctionName, boolean>> = {
  platform: false,
  divisions: false,
  identity: false,
  // Leader and commissioner phones.
  branches: true,
  // Member names and phones.
  members: true,
  // Aggregates and public branch fields only.
  coverage: false,
  // Plans, decisions and scorecards: no personal data.
  pilots: false,
  // Stories and photos published with consent; no personal-data fields.
  cases: false,
};

/** Properties of {@link StatelessStack}. */
export interface StatelessStackProps extends StackProps {
  /** The stateful stack's resources. */
  readonly stateful: StatefulResources;
  /**
   * Folder with one `<fn>/index.ts` per function (tests point it at stubs).
   * @default `<repo>/functions`
   */
  readonly functionsDir?: string;
  /**
   * The built site. When it holds no `index.html` the stack synthesizes without the site
   * deployment and emits a warning.
   * @default `<repo>/web/dist`
   */
  readonly webAssetPath?: string;
  /** Paths on the site the hosted UI may redirect to after sign-in and sign-out. @default ['/portal/'] */
  readonly authCallbackPaths?: readonly string[];
  /** See {@link BoaiWebSiteProps.webAclArn}. */
  readonly webAclArn?: string;
  /** See {@link BoaiWebSiteProps.customDomain}. */
  readonly customDomain?: { readonly domainNames: readonly string[]; readonly certificate: acm.ICertificate };
}

/** The stateless stack. See the module comment. */
export class StatelessStack extends Stack {
  /** Domain functions keyed by name. */
  public readonly functions: Readonly<Record<FunctionName, BoaiFunction>>;
  public readonly httpApi: BoaiHttpApi;
  public readonly webClient: cognito.UserPoolClient;
  public readonly site: BoaiWebSite;
  /** The pilot workflow: its state machine and task function. */
  public readonly pilotWorkflow: PilotWorkflow;
  /** Delivers outbox messages (escalations, faults) from the table's stream to SNS. */
  public readonly outboxRelay: OutboxRelay;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful } = props;

    this.functions = Object.fromEntries(
      functionNames.map((name) => [
        name,
        new BoaiFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}Function`, {
          domain: name,
          table: stateful.table,
          tableAccess: functionTableAccess[name],
          ...(functionTimeoutSeconds[name] ? { timeout: Duration.seconds(functionTimeoutSeconds[name]) } : {}),
          functionsDir: props.functionsDir ?? defaultFunctionsDir,
          ...(functionPersonalData[name]
            ? {
                personalData: {
                  key: stateful.personalDataKey,
                  access: 'encryptDecrypt' as const,
                  lookupKey: stateful.personalDataLookupKey,
                },
              }
            : {}),
        }),
      ]),
    ) as Record<FunctionName, BoaiFunction>;

    // Typical cases' photos: only the cases function writes (and deletes) them, only under cases/;
    // CloudFront serves them under /media/* (the web site below).
    const media = importMediaBucket(this, stateful.mediaBucket);
    grantMediaWrite(this.functions.cases, media, 'cases/');

    // The client's callback URLs point at the distribution, which is created after the API (it
    // needs the API's host name) and the API's authorizer needs the client id: the URLs are
    // resolved lazily. CloudFormation order is fine: API → distribution → client → authorizer.
    const callbackPaths = props.authCallbackPaths ?? ['/portal/'];
    const callbackUrls = callbackPaths.map((p) =>
      Lazy.string({ produce: () => `${this.site.url}${p}` }),
    );
    this.webClient = new cognito.UserPoolClient(this, 'WebClient', {
      userPool: stateful.userPool,
      userPoolClientName: 'boai-web-portal',
      // A browser app cannot keep a secret: public client, authorization code + PKCE.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls,
        logoutUrls: callbackUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // A working day: staff handling personal data sign in again each day.
      refreshTokenValidity: Duration.hours(12),
      // The ID token carries readable attributes, including custom:division ...
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(divisionAttributeName),
      // ... but the portal may not write it: only administrators set a user's division scope.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    this.httpApi = new BoaiHttpApi(this, 'HttpApi', {
      functions: this.functions,
      userPoolId: stateful.userPool.userPoolId,
      jwtAudience: [this.webClient.userPoolClientId],
    });

    // One value for config.json, the CSP's connect-src and the output, so they cannot disagree.
    const hostedUiDomain = `${stateful.userPoolDomain.domainName}.auth.${this.region}.amazoncognito.com`;
    this.site = new BoaiWebSite(this, 'WebSite', {
      webBucket: stateful.webBucket,
      mediaBucket: media.bucket,
      logsBucket: stateful.logsBucket,
      apiDomainName: this.httpApi.domainName,
      hostedUiDomain,
      webAssetPath: props.webAssetPath ?? defaultWebAssetPath,
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
      ...(props.customDomain ? { customDomain: props.customDomain } : {}),
    });
    this.site.deploy({
      auth: {
        mode: 'cognito',
        region: this.region,
        userPoolId: stateful.userPool.userPoolId,
        clientId: this.webClient.userPoolClientId,
        domain: hostedUiDomain,
      },
    });

    this.pilotWorkflow = new PilotWorkflow(this, 'PilotWorkflow', {
      table: stateful.table,
      pilotsFunction: this.functions.pilots,
      ...(props.functionsDir ? { functionsDir: props.functionsDir } : {}),
    });
    this.outboxRelay = new OutboxRelay(this, 'OutboxRelay', {
      table: stateful.table,
      topics: { workflowEscalations: stateful.workflowEscalationsTopic },
      messagingKey: stateful.messagingKey,
      ...(props.functionsDir ? { functionsDir: props.functionsDir } : {}),
    });

    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'The web site (and /api/*)' });
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'The HTTP API, direct' });
    new CfnOutput(this, 'UserPoolId', { value: stateful.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.webClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: hostedUiDomain });
  }
}

