/**
 * The public media bucket as the stateless stack uses it: imported once by a named export (so the
 * stateful stack never refers back to this one, and the IAM finding on its ARN has a stable name to
 * acknowledge), readable by CloudFront under `/media/*` (see `BoaiWebSite`), and writable by the
 * `cases` function only, only under its key prefix.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { mediaBucketEnv } from '../../shared/media/media-store.js';
import { acknowledge } from './acknowledge.js';
import type { BoaiFunction } from './boai-function.js';

/** What a media writer may do: put and delete objects. No read (CloudFront serves them), no list. */
export const mediaObjectActions: readonly string[] = ['s3:PutObject', 's3:DeleteObject'];

/** The media bucket re-imported into the stack that uses it. */
export interface ImportedMediaBucket {
  readonly bucket: s3.IBucket;
  /** Name of the export carrying the bucket ARN (`<stateful stack>-MediaBucketArn`). */
  readonly arnExportName: string;
}

/**
 * Imports the stateful stack's media bucket into `scope`'s stack by attributes. Handing the
 * Bucket object itself to CloudFront or to a grant would write statements naming this stack's
 * resources into the stateful stack's bucket policy: a reference back, i.e. a cycle.
 */
export function importMediaBucket(scope: Construct, mediaBucket: s3.IBucket): ImportedMediaBucket {
  const bucketStack = Stack.of(mediaBucket);
  if (bucketStack === Stack.of(scope)) throw new Error('importMediaBucket expects the media bucket from another (the stateful) stack');
  const arnExportName = `${bucketStack.stackName}-MediaBucketArn`;
  const bucketArn = bucketStack.exportValue(mediaBucket.bucketArn, { name: arnExportName });
  const bucket = s3.Bucket.fromBucketAttributes(scope, 'MediaBucket', {
    bucketArn,
    bucketRegionalDomainName: mediaBucket.bucketRegionalDomainName,
  });
  return { bucket, arnExportName };
}

/**
 * Lets `fn` put and delete objects under `prefix` of the media bucket (nothing else, nowhere else)
 * and tells it the bucket's name in `MEDIA_BUCKET`. Object-level S3 permissions are only
 * expressible with a key wildcard, so that one finding is acknowledged on the function's role.
 */
export function grantMediaWrite(fn: BoaiFunction, media: ImportedMediaBucket, prefix: string): void {
  if (!/^[a-z0-9-]+\/$/.test(prefix)) throw new Error(`A media prefix is one lower-case folder ending in "/", got "${prefix}"`);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'BoaiMediaWrite',
      actions: [...mediaObjectActions],
      resources: [media.bucket.arnForObjects(`${prefix}*`)],
    }),
  );
  fn.function.addEnvironment(mediaBucketEnv, media.bucket.bucketName);
  acknowledge(fn.role, {
    id: `AwsSolutions-IAM5[Resource::${media.arnExportName}/${prefix}*]`,
    reason: `Puts and deletes the photos it manages: S3 object permissions need the object key pattern; limited to the ${prefix} prefix of the public media bucket, with no read, list or bucket-level action.`,
  });
}
