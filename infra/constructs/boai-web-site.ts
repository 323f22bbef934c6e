/**
 * `BoaiWebSite`: the CloudFront distribution that serves the static site from the private web
 * bucket (Origin Access Control) and forwards `/api/*` to the HTTP API on the same origin (uncached,
 * except the public reference data in {@link cachedPublicApis}), plus the deployment of the built
 * site and its generated `config.json`. Photos of the public pages come from the media bucket
 * under `/media/*` (OAC too).
 *
 * Serving the API under the site's own host name keeps the browser same-origin: no CORS, and the
 * staff portal's bearer token never travels to a second host.
 */
import { Annotations, DefaultStackSynthesizer, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.js';
import { isBuiltSite } from './repo-paths.js';

/**
 * The runtime configuration the site reads from `/config.json`, so one build of `web/` works
 * against any deployment (and against the local runtime, which serves its own `config.json`).
 */
export interface WebRuntimeConfig {
  readonly auth: {
    readonly mode: 'cognito';
    readonly region: string;
    readonly userPoolId: string;
    readonly clientId: string;
    /** Hosted-UI host name without scheme, e.g. `boai-123.auth.ap-east-1.amazoncognito.com`. */
    readonly domain: string;
  };
}

/**
 * Content-Security-Policy for the site. Scripts only from the site itself; the browser connects
 * only to its own origin (`/api/*` through this distribution, `/config.json`) and to the one
 * Cognito hosted-UI host that exchanges the sign-in code for tokens. No wildcard hosts: a script
 * injected despite `script-src` still cannot send data to an arbitrary AWS endpoint.
 *
 * @param hostedUiDomain host name without scheme (`<prefix>.auth.<region>.amazoncognito.com`);
 *   may contain CDK tokens, which CloudFormation joins into the header value at deploy time.
 */
export function contentSecurityPolicy(hostedUiDomain: string): string {
  if (!Token.isUnresolved(hostedUiDomain) && !/^[a-z0-9.-]+$/i.test(hostedUiDomain)) {
    throw new Error(`The hosted-UI domain must be a bare host name, got "${hostedUiDomain}"`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Component libraries and ECharts set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' https://${hostedUiDomain}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Public reads cached at the edge. Each answers with `cache-control: public, max-age=300` and
 * depends on nothing but its path and query string (no user, no language): `GET /api/divisions?parent=`
 * (reference data), `GET /api/public/branches?division=` (the branch finder; a newly approved
 * branch appears within five minutes) and the typical cases, `GET /api/public/cases?division=&cursor=`
 * and `GET /api/public/cases/{caseId}` (a withdrawn case disappears within five minutes).
 */
export const cachedPublicApis = [
  { pathPattern: '/api/divisions', queryStrings: ['parent'] },
  { pathPattern: '/api/public/branches', queryStrings: ['division'] },
  { pathPattern: '/api/public/cases', queryStrings: ['division', 'cursor'] },
  { pathPattern: '/api/public/cases/*', queryStrings: [] },
] as const;

/** Query strings in the shared cache key of {@link cachedPublicApis} (each route ignores the other's). */
const cachedQueryStrings = [...new Set(cachedPublicApis.flatMap((api) => api.queryStrings))];

/**
 * CloudFront Function (cloudfront-js-2.0, viewer request): `/portal` and `/portal/` become
 * `/portal/index.html`; URLs whose last segment has a dot (files) pass unchanged.
 */
export const directoryIndexFunctionCode = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.substring(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/**
 * CloudFront Function (cloudfront-js-2.0, viewer request) of `/media/*`: the site's `/media/<key>`
 * is the object `<key>` of the media bucket, so the prefix is dropped before the origin request.
 */
export const mediaPathFunctionCode = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring('/media'.length);
  return request;
}`;

/** Properties of {@link BoaiWebSite}. */
export interface BoaiWebSiteProps {
  /** The private bucket holding the site (from the stateful stack). */
  readonly webBucket: s3.IBucket;
  /** Destination of CloudFront standard logs (from the stateful stack). */
  readonly logsBucket: s3.IBucket;
  /** Host name of the HTTP API (`<id>.execute-api.<region>.<urlSuffix>`). */
  readonly apiDomainName: string;
  /** Absolute path of the built site; skipped (with a warning) when it holds no `index.html`. */
  readonly webAssetPath: string;
  /**
   * Host name of the Cognito hosted UI (no scheme), the only host besides the site itself that the
   * portal connects to; it goes into the CSP's `connect-src` (see {@link contentSecurityPolicy}).
   */
  readonly hostedUiDomain: string;
  /**
   * The public media bucket, already imported into this stack (see `importMediaBucket`), served
   * under `/media/*`. Its policy must allow this account's distributions to read (stateful stack).
   * @default - no `/media/*` behaviour
   */
  readonly mediaBucket?: s3.IBucket;
  /**
   * ARN of a WAF web ACL with CLOUDFRONT scope (it must live in us-east-1).
   * @default - no WAF (acknowledged: AwsSolutions-CFR2)
   */
  readonly webAclArn?: string;
  /**
   * Custom host names and their ACM certificate (us-east-1). Without them the distribution uses
   * the `*.cloudfront.net` default certificate.
   * @default - default CloudFront domain and certificate
   */
  readonly customDomain?: { readonly domainNames: readonly string[]; readonly certificate: acm.ICertificate };
}

/** The web distribution and, when the site is built, its deployment. */
export class BoaiWebSite extends Construct {
  public readonly distribution: cloudfront.Distribution;
  /** Security headers on every response. */
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** Security headers plus `Cache-Control: immutable` for `/assets/*`. */
  public readonly immutableAssetsPolicy: cloudfront.ResponseHeadersPolicy;
  /** Cache key of {@link cachedPublicApis}: its query strings only. */
  public readonly publicApiCachePolicy: cloudfront.CachePolicy;
  /** What {@link cachedPublicApis} requests carry to the API: its query strings only. */
  public readonly publicApiOriginRequestPolicy: cloudfront.OriginRequestPolicy;
  /** Viewer-request function mapping folder URLs to their `index.html`. */
  public readonly directoryIndex: cloudfront.Function;
  /** Viewer-request function mapping `/media/<key>` to the media bucket's `<key>`; with a media bucket only. */
  public readonly mediaPath?: cloudfront.Function;
  /** `https://<distribution domain>` (or the first custom domain). */
  public readonly url: string;
  /** The site deployment; undefined when no built site was found at synth time. */
  public deployment?: s3deploy.BucketDeployment;
  private readonly webBucket: s3.IBucket;
  private readonly webAssetPath: string;
  /** Name of the export carrying the web bucket ARN from the stateful stack. */
  private readonly webBucketArnExportName: string;

  constructor(scope: Construct, id: string, props: BoaiWebSiteProps) {
    super(scope, id);
    this.webAssetPath = props.webAssetPath;

    // Re-import the stateful bucket by attributes. Handing CloudFront the stateful stack's Bucket
    // object would make it add an OAC statement naming this distribution to that stack's bucket
    // policy: a reference from the stateful stack back to this one, i.e. a cycle. The stateful
    // stack already grants OAC reads to this account's distributions.
    // The ARN travels through a named export so the IAM findings on it have a stable name to
    // acknowledge (an automatic export's name embeds a hash of the logical id).
    const bucketStack = Stack.of(props.webBucket);
    if (bucketStack === Stack.of(this)) {
      throw new Error('BoaiWebSite expects the web bucket from another (the stateful) stack');
    }
    this.webBucketArnExportName = `${bucketStack.stackName}-WebBucketArn`;
    const webBucketArn = bucketStack.exportValue(props.webBucket.bucketArn, { name: this.webBucketArnExportName });
    this.webBucket = s3.Bucket.fromBucketAttributes(this, 'WebBucket', {
      bucketArn: webBucketArn,
      bucketRegionalDomainName: props.webBucket.bucketRegionalDomainName,
    });

    const csp = contentSecurityPolicy(props.hostedUiDomain);
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Boai security headers',
      securityHeadersBehavior: this.securityHeaders(csp),
    });

    // Content-hashed bundles (web/build.ts writes assets/*-[hash].js|css) never change under the
    // same name: browsers and the edge may keep them for a year without revalidating, which
    // matters on slow phone networks. HTML and config.json keep the short policy set at deploy.
    this.immutableAssetsPolicy = new cloudfront.ResponseHeadersPolicy(this, 'ImmutableAssetHeaders', {
      comment: 'Boai security headers + year-long caching for content-hashed assets',
      securityHeadersBehavior: this.securityHeaders(csp),
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: 'public, max-age=31536000, immutable', override: true }],
      },
    });

    // An S3 REST origin only maps `/` to index.html (defaultRootObject); the portal lives at
    // `/portal/`, so folder URLs are rewritten to their index.html at the edge.
    this.directoryIndex = new cloudfront.Function(this, 'DirectoryIndex', {
      comment: 'Rewrites /folder and /folder/ to /folder/index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(directoryIndexFunctionCode),
    });

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.webBucket);
    if (props.mediaBucket) {
      this.mediaPath = new cloudfront.Function(this, 'MediaPath', {
        comment: 'Maps /media/<key> to the media bucket object <key>',
        runtime: cloudfront.FunctionRuntime.JS_2_0,
        code: cloudfront.FunctionCode.fromInline(mediaPathFunctionCode),
      });
    }
    // Photos: immutable keys, cached as the object's own Cache-Control says (one day, see
    // shared/media/media-store.ts), already compressed, GET/HEAD only, with the security headers.
    const mediaBehavior: Record<string, cloudfront.BehaviorOptions> =
      props.mediaBucket && this.mediaPath
        ? {
            '/media/*': {
              origin: origins.S3BucketOrigin.withOriginAccessControl(props.mediaBucket),
              viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
              allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
              cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
              responseHeadersPolicy: this.responseHeadersPolicy,
              compress: false,
              functionAssociations: [{ function: this.mediaPath, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
            },
          }
        : {};
    const apiOrigin = new origins.HttpOrigin(props.apiDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });

    // Public reference data is the same for every caller, so the edge may answer it: a flood of
    // visitors browsing divisions reaches the API once per parent code every few minutes. The cache
    // key is the allow-listed query string only (no headers, no cookies), TTLs honour the origin's
    // Cache-Control within [0 s, 1 h], and Authorization is neither in the key nor forwarded.
    // Accept-Encoding normalisation is on because CloudFront only compresses when it is.
    this.publicApiCachePolicy = new cloudfront.CachePolicy(this, 'PublicApiCache', {
      // CloudFront comments stop at 128 characters: name the count, not every path.
      comment: `Boai public API reads (${cachedPublicApis.length} paths), keyed on ${cachedQueryStrings.join(', ')}`,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList(...cachedQueryStrings),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(300),
      maxTtl: Duration.hours(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.publicApiOriginRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'PublicApiOrigin', {
      // Names are unique per account (CloudFront is global); CDK's default name, unlike the cache
      // policy's, omits the region, so deploying the stack in a second region would collide.
      originRequestPolicyName: `${Names.uniqueId(this)}-PublicApi-${Stack.of(this).region}`,
      comment: 'Boai public reference data: forwards the allow-listed query string only',
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.allowList(...cachedQueryStrings),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.none(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Boai web site and API',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logsBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      ...(props.customDomain
        ? {
            domainNames: [...props.customDomain.domainNames],
            certificate: props.customDomain.certificate,
            // Only meaningful with a custom certificate; the default one has a fixed policy.
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
        functionAssociations: [
          { function: this.directoryIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: this.immutableAssetsPolicy,
          compress: true,
        },
        ...mediaBehavior,
        // Before `/api/*`: CloudFront takes the first behaviour whose pattern matches.
        ...Object.fromEntries(
          cachedPublicApis.map((api) => [
            api.pathPattern,
            {
              origin: apiOrigin,
              viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
              allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
              cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
              cachePolicy: this.publicApiCachePolicy,
              originRequestPolicy: this.publicApiOriginRequestPolicy,
              responseHeadersPolicy: this.responseHeadersPolicy,
              compress: true,
            } satisfies cloudfront.BehaviorOptions,
          ]),
        ),
        '/api/*': {
          origin: apiOrigin,
          // Never redirect API calls: a redirected POST loses its body.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Everything but Host: API Gateway routes on its own host name. Includes Authorization.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        },
      },
    });
    this.url = props.customDomain?.domainNames[0]
      ? `https://${props.customDomain.domainNames[0]}`
      : `https://${this.distribution.distributionDomainName}`;

    acknowledge(
      this.distribution,
      {
        // The OAC grant is in the stateful stack's bucket policy (see the re-import above).
        id: '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
        reason:
          'The web and media bucket policies in the stateful stack already allow cloudfront.amazonaws.com to GetObject for distributions of this account (AWS:SourceArn), so no update is needed here.',
      },
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'A humanitarian public site: donors, volunteers and the public may open it from anywhere, so no country is blocked; staff data sits behind the JWT authorizer and use-case checks.',
      },
    );
    if (!props.webAclArn) {
      acknowledge(this.distribution, {
        id: 'AwsSolutions-CFR2',
        reason:
          'A CLOUDFRONT-scope WAF web ACL must be created in us-east-1, outside these env-agnostic stacks; the API is throttled at the stage. Pass webAclArn (context boai:webAclArn) to attach one.',
      });
    }
    if (!props.customDomain) {
      acknowledge(this.distribution, {
        id: 'AwsSolutions-CFR4',
        reason:
          'Until a custom domain and its ACM certificate exist the distribution uses the *.cloudfront.net default certificate, whose TLS policy CloudFront fixes; viewers are redirected to HTTPS. Pass customDomain to enforce TLSv1.2_2021.',
      });
    }
  }

  /**
   * Deploys the built site plus `config.json`, then invalidates the distribution. When the site
   * has not been built (`npm run build:web`), synthesizes without a deployment and warns.
   */
  public deploy(config: WebRuntimeConfig): s3deploy.BucketDeployment | undefined {
    if (this.deployment) throw new Error('BoaiWebSite.deploy() was already called');
    if (!isBuiltSite(this.webAssetPath)) {
      Annotations.of(this).addWarningV2(
        'boai:webAssetsMissing',
        `No built site at ${this.webAssetPath} (no index.html): synthesized without the site deployment. Run "npm run build:web" before "cdk deploy".`,
      );
      return undefined;
    }

    // An explicit role and log group, as for the domain functions: the provider's default role
    // would carry the AWS managed AWSLambdaBasicExecutionRole policy.
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
    });
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built Boai site into the web bucket and invalidates CloudFront',
    });
    logGroup.grantWrite(role);

    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      destinationBucket: this.webBucket,
      sources: [
        s3deploy.Source.asset(this.webAssetPath),
        s3deploy.Source.jsonData('config.json', config),
      ],
      prune: true,
      // Browsers revalidate (cheap 304s on slow networks); the edge keeps a day and is
      // invalidated by every deployment.
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=0, s-maxage=86400, must-revalidate')],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role,
      logGroup,
      memoryLimit: 256,
      outputObjectKeys: false,
    });

    const provider = this.deploymentProvider();
    acknowledge(
      provider ?? this.deployment,
      {
        id: 'AwsSolutions-L1',
        reason:
          'The BucketDeployment provider is a CDK-owned Python function whose runtime aws-cdk-lib pins (python3.13); it runs only during deployments.',
      },
    );
    acknowledge(
      role,
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
        reason: 'CDK BucketDeployment grant: reads the site asset zip (object-level read actions of the asset object).',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        reason: 'CDK BucketDeployment grant: bucket-level read actions on the asset and web buckets, needed by the aws s3 sync it runs.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:List*]',
        reason: 'CDK BucketDeployment grant: aws s3 sync lists the source and destination to compute the copy and prune set.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: 'CDK BucketDeployment grant: prune removes site files that are no longer part of the build.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
        reason: 'CDK BucketDeployment grant: aborts its own failed multipart uploads to the web bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'cloudfront:CreateInvalidation/GetInvalidation for the post-deploy invalidation; CDK grants them on "*" for BucketDeployment.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${this.bootstrapQualifier()}-assets-<AWS::AccountId>-<AWS::Region>/*]`,
        reason: 'CDK BucketDeployment grant: reads the site asset zip from the CDK bootstrap assets bucket (object keys are content hashes).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${this.webBucketArnExportName}/*]`,
        reason: 'CDK BucketDeployment grant: writes and prunes the site files, i.e. every object of the web bucket.',
      },
    );
    return this.deployment;
  }

  /** HSTS, nosniff, DENY framing, a strict referrer policy and the CSP. */
  private securityHeaders(csp: string): cloudfront.ResponseSecurityHeadersBehavior {
    return {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(365),
        includeSubdomains: true,
        override: true,
      },
    };
  }

  /** The CDK bootstrap qualifier of this stack (names the assets bucket). */
  private bootstrapQualifier(): string {
    return Stack.of(this).synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  }

  /** The BucketDeployment provider function (a stack-level singleton), if this stack has one. */
  private deploymentProvider(): Construct | undefined {
    return Stack.of(this)
      .node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment')) as
      | Construct
      | undefined;
  }
}
