/**
 * The stateless stack, synthesized once from `buildApp`: one API route per route-table entry with
 * the right authorization and function, functions on nodejs24.x/arm64 with least-privilege table
 * access, stage and public-route throttles, the web client, the CloudFront distribution (OAC,
 * `/api/*`, the edge-cached public divisions lookup, the CSP), and the generated `config.json`.
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BoaiApp, type BuildAppOptions } from '../../infra/app-builder.js';
import { personalDataKeyActions, personalDataLookupKeyActions, tableActions } from '../../infra/constructs/boai-function.js';
import { defaultPublicRouteThrottle, defaultStageThrottle } from '../../infra/constructs/boai-http-api.js';
import { cachedPublicApis, directoryIndexFunctionCode } from '../../infra/constructs/boai-web-site.js';
import { functionPersonalData, functionTableAccess } from '../../infra/stacks/stateless-stack.js';
import { functionNames, routeKeyOf, routes } from '../../shared/http/routes.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/**
 * A CloudFormation string value as text: `Fn::Join` pieces concatenated, and each intrinsic that
 * only resolves at deploy time shown as `${Ref:…}` / `${Import:…}` / `${GetAtt:…}`.
 */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if (typeof v['Ref'] === 'string') return `\${Ref:${v['Ref']}}`;
  if (v['Fn::ImportValue'] !== undefined) return `\${Import:${flatten(v['Fn::ImportValue'])}}`;
  if (Array.isArray(v['Fn::GetAtt'])) return `\${GetAtt:${(v['Fn::GetAtt'] as string[]).join('.')}}`;
  throw new Error(`Unexpected CloudFormation value: ${JSON.stringify(value)}`);
}

/** Options shared by every app built here: no bundling, no validation (see app-compliance.test.ts). */
const fastOptions: BuildAppOptions = {
  nag: false,
  cloudFormationValidation: false,
  context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-stack-trace': true },
};

describe('StatelessStack', () => {
  let workDir: string;
  let outdir: string;
  let built: BoaiApp;
  let stack: Stack;
  let template: Template;
  const logicalId = (construct: Construct): string =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'boai-stateless-'));
    const siteDir = path.join(workDir, 'site');
    mkdirSync(siteDir);
    writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><title>Boai</title>');
    outdir = path.join(workDir, 'cdk.out');
    built = buildApp({ ...fastOptions, outdir, webAssetPath: siteDir });
    built.app.synth();
    stack = built.stateless;
    template = Template.fromStack(stack);
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  describe('the HTTP API', () => {
    it('has exactly one route per route-table entry', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    });

    it.each(routes.map((r) => [routeKeyOf(r), r] as const))(
      '%s: right route key, authorization and domain function',
      (routeKey, route) => {
        const matches = Object.values(
          template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }),
        ) as Resource[];
        expect(matches).toHaveLength(1);
        const props = matches[0]!.Properties;

        // Authorization: staff routes behind the JWT authorizer, public routes open.
        if (route.access === 'staff') {
          expect(props['AuthorizationType']).toBe('JWT');
          const authorizerId = (props['AuthorizerId'] as { Ref: string }).Ref;
          const authorizer = template.toJSON().Resources[authorizerId] as Resource;
          expect(authorizer.Type).toBe('AWS::ApiGatewayV2::Authorizer');
          expect(authorizer.Properties['AuthorizerType']).toBe('JWT');
        } else {
          expect(props['AuthorizationType']).toBe('NONE');
          expect(props['AuthorizerId']).toBeUndefined();
        }

        // Integration: the route's target integration invokes that route's function.
        const target = props['Target'] as { 'Fn::Join': [string, [string, { Ref: string }]] };
        const integrationId = target['Fn::Join'][1][1].Ref;
        const integration = template.toJSON().Resources[integrationId] as Resource;
        expect(integration.Properties['IntegrationUri']).toEqual({
          'Fn::GetAtt': [logicalId(built.stateless.functions[route.fn].function), 'Arn'],
        });
      },
    );

    it('validates Cognito JWTs with a partition- and region-aware issuer and the web client as audience', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: logicalId(built.stateless.webClient) }],
          Issuer: {
            'Fn::Join': [
              '',
              [
                'https://cognito-idp.',
                { Ref: 'AWS::Region' },
                '.',
                { Ref: 'AWS::URLSuffix' },
                '/',
                { 'Fn::ImportValue': Match.stringLikeRegexp('UserPool') },
              ],
            ],
          },
        },
      });
    });

    it('auto-deploys an access-logged $default stage throttled for a province-wide mobilisation', () => {
      expect(defaultStageThrottle).toEqual({ rateLimit: 500, burstLimit: 1000 });
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
        DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
      });
    });

    it('gives every public route, and only those, its own lower throttle, created before the stage', () => {
      expect(defaultPublicRouteThrottle).toEqual({ rateLimit: 100, burstLimit: 200 });
      const publicRoutes = routes.filter((r) => r.access === 'public');
      expect(publicRoutes.length).toBeGreaterThan(0);
      const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as (Resource & {
        DependsOn?: string[];
      })[];
      expect(stages).toHaveLength(1);
      const stage = stages[0]!;
      expect(stage.Properties['RouteSettings']).toEqual(
        Object.fromEntries(
          publicRoutes.map((r) => [routeKeyOf(r), { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }]),
        ),
      );
      // API Gateway refuses route settings for a route that does not exist yet.
      for (const route of publicRoutes) {
        const httpRoute = built.stateless.httpApi.routes.get(routeKeyOf(route));
        expect(stage.DependsOn).toContain(logicalId(httpRoute!));
      }
    });
  });

  describe('the domain functions', () => {
    it.each(functionNames.map((n) => [n]))('%s runs on nodejs24.x, arm64, with TABLE_NAME', (name) => {
      const fn = template.toJSON().Resources[logicalId(built.stateless.functions[name].function)] as Resource;
      expect(fn.Type).toBe('AWS::Lambda::Function');
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: { TABLE_NAME: expect.anything(), POWERTOOLS_SERVICE_NAME: `boai-${name}` } },
      });
    });

    it.each(functionNames.map((n) => [n, functionTableAccess[n]] as const))(
      '%s may use only the DynamoDB actions of its %s access',
      (name, access) => {
        const role = built.stateless.functions[name].role;
        const policies = Object.values(
          template.findResources('AWS::IAM::Policy', {
            Properties: { Roles: [{ Ref: logicalId(role) }] },
          }),
        ) as Resource[];
        const actions = policies
          .flatMap((p) => (p.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement)
          .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
          .filter((a) => a.startsWith('dynamodb:'));
        expect([...actions].sort()).toEqual([...tableActions[access]].sort());
        if (access === 'read') {
          for (const write of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem']) {
            expect(actions).not.toContain(`dynamodb:${write}`);
          }
        }
        expect(actions).not.toContain('dynamodb:Scan');
        expect(actions).not.toContain('dynamodb:DescribeTable');
        expect(actions.some((a) => a.includes('*'))).toBe(false);
        // No AWS managed policy on the role (AWSLambdaBasicExecutionRole grants logs:* everywhere).
        const roleResource = template.toJSON().Resources[logicalId(role)] as Resource;
        expect(roleResource.Properties['ManagedPolicyArns']).toBeUndefined();
      },
    );

    it('gives branches (CSV imports) 27 s and its gateway integration 29 s; the others 10 s and 12 s', () => {
      const resources = template.toJSON().Resources as Record<string, Resource>;
      const integrations = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Integration');
      for (const name of functionNames) {
        const id = logicalId(built.stateless.functions[name].function);
        const seconds = name === 'branches' ? 27 : 10;
        expect(resources[id]!.Properties['Timeout'], name).toBe(seconds);
        const integration = integrations.find((r) => JSON.stringify(r.Properties['IntegrationUri']).includes(id));
        expect(integration?.Properties['TimeoutInMillis'], name).toBe((seconds + 2) * 1000);
      }
    });
  });

  describe('personal-data keys', () => {
    /** `kms:<Action> @ <stateful key logical id prefix>` for every KMS grant on `name`'s role. */
    const kmsGrants = (name: (typeof functionNames)[number]): string[] => {
      const role = built.stateless.functions[name].role;
      const policies = Object.values(
        template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } }),
      ) as Resource[];
      return policies
        .flatMap((p) => (p.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement)
        .flatMap((st) => {
          const key = /FnGetAtt(PersonalDataLookupKey|PersonalDataKey|DataKey)[0-9A-F]{8}Arn/.exec(JSON.stringify(st.Resource))?.[1] ?? '?';
          return [st.Action].flat().filter((a) => a.startsWith('kms:')).map((action) => `${action} @ ${key}`);
        })
        .sort();
    };

    it('are used by exactly the functions that handle personal data: branches and members', () => {
      expect(functionNames.filter((name) => functionPersonalData[name]).sort()).toEqual(['branches', 'members']);
    });

    it.each(functionNames.map((n) => [n, functionPersonalData[n]] as const))(
      '%s (personal data: %s) may use the personal-data and lookup keys only if it handles personal data',
      (name, handles) => {
        const onPersonalKeys = kmsGrants(name).filter((grant) => /@ PersonalData/.test(grant));
        expect(onPersonalKeys).toEqual(
          handles
            ? [
                ...personalDataKeyActions.encryptDecrypt.map((a) => `${a} @ PersonalDataKey`),
                ...personalDataLookupKeyActions.map((a) => `${a} @ PersonalDataLookupKey`),
              ].sort()
            : [],
        );
        // Every KMS grant names a key of the stateful stack, never a wildcard.
        expect(kmsGrants(name).every((grant) => !grant.includes('*') && !grant.endsWith('@ ?'))).toBe(true);

        const fn = template.toJSON().Resources[logicalId(built.stateless.functions[name].function)] as Resource;
        const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
        if (handles) {
          expect(flatten(variables['PERSONAL_DATA_KEY_ARN'])).toMatch(/PersonalDataKey/);
          expect(flatten(variables['PERSONAL_DATA_HMAC_KEY_ARN'])).toMatch(/PersonalDataLookupKey/);
        } else {
          expect(variables['PERSONAL_DATA_KEY_ARN']).toBeUndefined();
          expect(variables['PERSONAL_DATA_HMAC_KEY_ARN']).toBeUndefined();
        }
        // The local key never reaches a deployed function.
        expect(variables['BOAI_LOCAL_PERSONAL_DATA_KEY']).toBeUndefined();
      },
    );
  });

  describe('the web client', () => {
    it('is a public authorization-code client that reads but cannot write custom:division', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        ReadAttributes: Match.arrayWith(['custom:division']),
        WriteAttributes: Match.not(Match.arrayWith(['custom:division'])),
      });
    });
  });

  describe('the web distribution', () => {
    it('reads the web bucket through Origin Access Control', () => {
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        }),
      });
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          Origins: Match.arrayWith([
            Match.objectLike({
              OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] },
              S3OriginConfig: { OriginAccessIdentity: '' },
            }),
          ]),
          DefaultCacheBehavior: Match.objectLike({
            ViewerProtocolPolicy: 'redirect-to-https',
            ResponseHeadersPolicyId: Match.anyValue(),
          }),
          Logging: Match.objectLike({ Bucket: Match.anyValue() }),
        }),
      });
    });

    it('sends /api/* to the HTTP API uncached, with all viewer headers but Host', () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          CacheBehaviors: Match.arrayWith([
            Match.objectLike({
              PathPattern: '/api/*',
              CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
              OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
              ViewerProtocolPolicy: 'https-only',
            }),
          ]),
        }),
      });
      const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as Resource;
      const apiBehavior = (
        distribution.Properties['DistributionConfig'] as { CacheBehaviors: { PathPattern: string; AllowedMethods: string[] }[] }
      ).CacheBehaviors.find((b) => b.PathPattern === '/api/*');
      expect(apiBehavior?.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    });

    it('caches public division lookups and the branch finder at the edge, keyed on their query only, before the uncached /api/*', () => {
      // A cached path must stay a public GET of the route table: the edge would serve one caller's
      // answer to everyone.
      for (const api of cachedPublicApis) {
        // A `/*` pattern covers every route below it (e.g. `/api/public/cases/{caseId}`): all of them.
        const covered = routes.filter((r) => (api.pathPattern.endsWith('/*') ? r.path.startsWith(api.pathPattern.slice(0, -1)) : r.path === api.pathPattern));
        expect(covered.length, api.pathPattern).toBeGreaterThan(0);
        for (const route of covered) expect(route, api.pathPattern).toEqual(expect.objectContaining({ method: 'GET', access: 'public' }));
      }

      const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as Resource;
      const behaviors = (
        distribution.Properties['DistributionConfig'] as {
          CacheBehaviors: { PathPattern: string; [key: string]: unknown }[];
        }
      ).CacheBehaviors;
      const paths = behaviors.map((b) => b.PathPattern);
      const apiBehavior = behaviors.find((b) => b.PathPattern === '/api/*')!;
      for (const cachedPath of cachedPublicApis.map((api) => api.pathPattern)) {
        expect(paths.indexOf(cachedPath)).toBeGreaterThanOrEqual(0);
        expect(paths.indexOf(cachedPath)).toBeLessThan(paths.indexOf('/api/*'));
        expect(behaviors.find((b) => b.PathPattern === cachedPath)).toMatchObject({
          TargetOriginId: apiBehavior['TargetOriginId'],
          AllowedMethods: ['GET', 'HEAD'],
          CachedMethods: ['GET', 'HEAD'],
          ViewerProtocolPolicy: 'https-only',
          CachePolicyId: { Ref: logicalId(built.stateless.site.publicApiCachePolicy) },
          OriginRequestPolicyId: { Ref: logicalId(built.stateless.site.publicApiOriginRequestPolicy) },
          ResponseHeadersPolicyId: { Ref: logicalId(built.stateless.site.responseHeadersPolicy) },
        });
      }

      template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({
          MinTTL: 0,
          DefaultTTL: 300,
          MaxTTL: 3600,
          ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
            QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['parent', 'division', 'cursor'] },
            HeadersConfig: { HeaderBehavior: 'none' },
            CookiesConfig: { CookieBehavior: 'none' },
          }),
        }),
      });
      // Public route: no Authorization (nor any other viewer header or cookie) reaches the API.
      template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
        OriginRequestPolicyConfig: Match.objectLike({
          // Policy names are account-wide: the region keeps a second regional deployment apart.
          Name: { 'Fn::Join': ['', [Match.stringLikeRegexp('-PublicApi-$'), { Ref: 'AWS::Region' }]] },
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['parent', 'division', 'cursor'] },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      });
    });

    it('lets browsers keep content-hashed /assets/* for a year', () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          CacheBehaviors: Match.arrayWith([
            Match.objectLike({
              PathPattern: '/assets/*',
              ResponseHeadersPolicyId: { Ref: logicalId(built.stateless.site.immutableAssetsPolicy) },
            }),
          ]),
        }),
      });
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          CustomHeadersConfig: {
            Items: [{ Header: 'Cache-Control', Value: 'public, max-age=31536000, immutable', Override: true }],
          },
        }),
      });
    });

    it.each([
      ['/', '/index.html'],
      ['/portal', '/portal/index.html'],
      ['/portal/', '/portal/index.html'],
      ['/config.json', '/config.json'],
      ['/assets/portal-AB12CD34.js', '/assets/portal-AB12CD34.js'],
    ])('serves %s from %s (directory-index function)', (uri, expected) => {
      // The function is plain JavaScript (cloudfront-js-2.0); evaluate it as CloudFront would.
      const handler = new Function(`${directoryIndexFunctionCode}; return handler;`)() as (e: {
        request: { uri: string };
      }) => { uri: string };
      expect(handler({ request: { uri } }).uri).toBe(expected);
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultCacheBehavior: Match.objectLike({
            FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
          }),
        }),
      });
    });

    it('adds security headers', () => {
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ContentSecurityPolicy: Match.objectLike({ Override: true }),
          }),
        }),
      });
    });

    it('lets the site connect only to itself and the hosted-UI domain of config.json (CSP)', () => {
      const hostedUiDomain = flatten((template.toJSON().Outputs as Record<string, { Value: unknown }>)['HostedUiDomain']!.Value);
      expect(hostedUiDomain).toMatch(/^\$\{Import:.+\}\.auth\.\$\{Ref:AWS::Region\}\.amazoncognito\.com$/);
      const policies = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Resource[];
      expect(policies).toHaveLength(2);
      for (const policy of policies) {
        const config = policy.Properties['ResponseHeadersPolicyConfig'] as {
          SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
        };
        const csp = flatten(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
        const directives = Object.fromEntries(
          csp.split(';').map((d) => {
            const [name, ...values] = d.trim().split(/\s+/);
            return [name, values.join(' ')];
          }),
        );
        expect(directives).toMatchObject({
          'default-src': "'self'",
          'script-src': "'self'",
          'connect-src': `'self' https://${hostedUiDomain}`,
          'form-action': "'self'",
          'frame-ancestors': "'none'",
          'object-src': "'none'",
          'base-uri': "'self'",
        });
        expect(csp).not.toMatch(/\*\.amazon/);
      }
    });

    it('deploys the site with a config.json naming the user pool, client and hosted-UI domain', () => {
      const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as Resource[];
      expect(deployments).toHaveLength(1);
      const props = deployments[0]!.Properties;
      expect(props['SourceObjectKeys']).toHaveLength(2);
      expect(props['Prune']).toBe(true);

      // Source.jsonData stages config.json with markers that the deployment replaces at deploy time.
      const configDir = readdirSync(outdir)
        .map((entry) => path.join(outdir, entry))
        .find((dir) => existsSync(path.join(dir, 'config.json')));
      expect(configDir).toBeDefined();
      const config = JSON.parse(readFileSync(path.join(configDir!, 'config.json'), 'utf8')) as {
        auth: Record<string, string>;
      };
      const markers = Object.assign({}, ...(props['SourceMarkers'] as Record<string, unknown>[])) as Record<string, unknown>;
      const valueOf = (field: string): unknown => markers[config.auth[field] ?? ''] ?? config.auth[field];
      expect(config.auth['mode']).toBe('cognito');
      expect(valueOf('region')).toEqual({ Ref: 'AWS::Region' });
      expect(valueOf('userPoolId')).toEqual({ 'Fn::ImportValue': expect.stringMatching(/UserPool/) });
      expect(valueOf('clientId')).toEqual({ Ref: logicalId(built.stateless.webClient) });
      expect(JSON.stringify(valueOf('domain'))).toContain('.amazoncognito.com');
    });

    it('outputs the site URL, API URL, user pool id and client id', () => {
      for (const name of ['SiteUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId']) {
        template.hasOutput(name, Match.anyValue());
      }
    });
  });

  describe('without a built site', () => {
    it('synthesizes without the site deployment and warns', () => {
      const emptyDir = mkdtempSync(path.join(tmpdir(), 'boai-nosite-'));
      try {
        const { app, stateless } = buildApp({
          ...fastOptions,
          outdir: path.join(emptyDir, 'cdk.out'),
          webAssetPath: path.join(emptyDir, 'missing'),
        });
        app.synth();
        Template.fromStack(stateless).resourceCountIs('Custom::CDKBucketDeployment', 0);
        Annotations.fromStack(stateless).hasWarning(
          '/BoaiStateless/WebSite',
          Match.stringLikeRegexp('No built site'),
        );
      } finally {
        rmSync(emptyDir, { recursive: true, force: true });
      }
    });
  });
});
