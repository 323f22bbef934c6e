/**
 * `BoaiHttpApi`: the HTTP API built from the one route table (DESIGN §4.1).
 *
 * Every entry of `routes` becomes exactly one API Gateway v2 route whose key is `routeKeyOf(route)`
 * and whose integration is that route's domain function; no route is declared anywhere else, so
 * the cloud API and the local server cannot disagree.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  routeKeyOf,
  routes as allRoutes,
  type FunctionName,
  type RouteDefinition,
} from '../../shared/http/routes.js';
import { acknowledge } from './acknowledge.js';
import type { BoaiFunction } from './boai-function.js';

/** Properties of {@link BoaiHttpApi}. */
export interface BoaiHttpApiProps {
  /** The domain functions, one per entry of `functionNames`. */
  readonly functions: Readonly<Record<FunctionName, BoaiFunction>>;
  /** Cognito user pool id: the JWT issuer is built from it. */
  readonly userPoolId: string;
  /** App client ids accepted as the token audience (`aud` of ID tokens, `client_id` of access tokens). */
  readonly jwtAudience: readonly string[];
  /** @default the route table in `shared/http/routes.ts` */
  readonly routes?: readonly RouteDefinition[];
  /** Stage default throttle, for every route without its own. @default {@link defaultStageThrottle} */
  readonly stageThrottle?: ApiThrottle;
  /** Throttle of each `public` route of the route table. @default {@link defaultPublicRouteThrottle} */
  readonly publicRouteThrottle?: ApiThrottle;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly accessLogRetention?: logs.RetentionDays;
}

/** A steady-state rate (requests per second) and a burst capacity (token bucket size). */
export interface ApiThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Stage default, sized for a province-wide flood mobilisation (staff of every county working at
 * once, plus the public routes below). Well under the account's regional API Gateway quota.
 */
export const defaultStageThrottle: ApiThrottle = { rateLimit: 500, burstLimit: 1000 };

/**
 * Each public route's own, lower limit: anonymous traffic (a news link, a scraper, an attack) is
 * refused with 429 at its route long before it can take the Lambda concurrency and table capacity
 * that staff routes need during an emergency.
 */
export const defaultPublicRouteThrottle: ApiThrottle = { rateLimit: 100, burstLimit: 200 };

/** Stable construct id of a route (`GET /api/me` → `Route-GET-api-me`). */
export function routeConstructId(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  const pathPart = route.path
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => segment.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]/g, ''))
    .join('-');
  return `Route-${route.method}-${pathPart}`;
}

/**
 * The JWT issuer of a Cognito user pool, partition- and region-aware:
 * `https://cognito-idp.<region>.<urlSuffix>/<userPoolId>` (`amazonaws.com`, or
 * `amazonaws.com.cn` in the China partition).
 */
export function cognitoIssuer(scope: Construct, userPoolId: string): string {
  const stack = Stack.of(scope);
  return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${userPoolId}`;
}

/**
 * The HTTP API, its `$default` stage (auto-deployed, access-logged, throttled at stage default and,
 * lower, on each public route) and its routes.
 */
export class BoaiHttpApi extends Construct {
  public readonly api: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly accessLogGroup: logs.LogGroup;
  public readonly authorizer: HttpJwtAuthorizer;
  /** Routes keyed by route key (`GET /api/health`). */
  public readonly routes: ReadonlyMap<string, apigwv2.HttpRoute>;

  constructor(scope: Construct, id: string, props: BoaiHttpApiProps) {
    super(scope, id);

    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: 'boai',
      description: 'Boai HTTP API (routes from shared/http/routes.ts)',
      // The stage is declared below so it can carry access logging and throttling.
      createDefaultStage: false,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.stageThrottle ?? defaultStageThrottle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        // One JSON line per request. `sub` is an opaque user id (no personal data); request bodies
        // and headers are never logged (DESIGN §4.9).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    this.authorizer = new HttpJwtAuthorizer('CognitoJwt', cognitoIssuer(this, props.userPoolId), {
      jwtAudience: [...props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });

    // One integration per function, shared by all of its routes (the handler dispatches on route key).
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (fn: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${fn}Integration`, props.functions[fn].function, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
          // A little over the function's own timeout (default 10 s), within the 29 s CDK allows.
          timeout: Duration.seconds(Math.min(29, (props.functions[fn].function.timeout?.toSeconds() ?? 10) + 2)),
        });
        integrations.set(fn, integration);
      }
      return integration;
    };

    const routeMap = new Map<string, apigwv2.HttpRoute>();
    for (const route of props.routes ?? allRoutes) {
      const key = routeKeyOf(route);
      if (routeMap.has(key)) throw new Error(`Duplicate route in the route table: ${key}`);
      const httpRoute = new apigwv2.HttpRoute(this, routeConstructId(route), {
        httpApi: this.api,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: integrationFor(route.fn),
        ...(route.access === 'staff' ? { authorizer: this.authorizer } : {}),
      });
      if (route.access === 'public') {
        const reason = `${key} is public by design in the route table (access: 'public', "${route.summary}"); it serves no personal data and use cases still enforce their own rules.`;
        acknowledge(httpRoute, { id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
      }
      routeMap.set(key, httpRoute);
    }
    this.routes = routeMap;
    this.throttlePublicRoutes(props.routes ?? allRoutes, props.publicRouteThrottle ?? defaultPublicRouteThrottle);
  }

  /**
   * Route-level throttling of every public route. The L2 stage has no route settings, so they go on
   * the CfnStage, keyed by route key. API Gateway rejects route settings naming a route that does
   * not exist yet, so the stage also waits for those routes.
   */
  private throttlePublicRoutes(routeTable: readonly RouteDefinition[], throttle: ApiThrottle): void {
    // `RouteSettings` is untyped JSON in the CloudFormation schema: CDK passes it through as is, so
    // the keys are CloudFormation's own (PascalCase).
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routeTable) {
      if (route.access !== 'public') continue;
      const key = routeKeyOf(route);
      settings[key] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
      const httpRoute = this.routes.get(key);
      if (httpRoute) this.stage.node.addDependency(httpRoute);
    }
    if (Object.keys(settings).length > 0) {
      (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = settings;
    }
  }

  /** `https://<api-id>.execute-api.<region>.<urlSuffix>/` (the `$default` stage URL). */
  public get url(): string {
    return this.stage.url;
  }

  /** The API's host name, for use as a CloudFront origin. */
  public get domainName(): string {
    return `${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}
