import type { S3Client } from '@aws-sdk/client-s3';
import { type MediaStore, MediaStoreError, assertMediaKey, mediaCacheControl } from './media-store.js';

type S3Sdk = typeof import('@aws-sdk/client-s3');
let sdkLoading: Promise<S3Sdk> | undefined;
let client: S3Client | undefined;

/** One S3 client per process; the SDK module is loaded on the first photo write, not at start-up. */
async function s3(): Promise<{ sdk: S3Sdk; client: S3Client }> {
  const sdk = await (sdkLoading ??= import('@aws-sdk/client-s3'));
  client ??= new sdk.S3Client({ maxAttempts: 3 });
  return { sdk, client };
}

/**
 * The media store on S3 (AWS). Objects are stored with their content type and
 * {@link mediaCacheControl}; the bucket encrypts them (SSE-S3) and CloudFront serves them. Every
 * SDK failure (throttling, network, permissions) becomes a {@link MediaStoreError}.
 */
export function s3MediaStore(bucket: string): MediaStore {
  return {
    async put(object) {
      assertMediaKey(object.key);
      try {
        const { sdk, client: s3Client } = await s3();
        await s3Client.send(
          new sdk.PutObjectCommand({
            Bucket: bucket,
            Key: object.key,
            Body: object.body,
            ContentType: object.contentType,
            ContentLength: object.body.byteLength,
            CacheControl: mediaCacheControl,
          }),
        );
      } catch (error) {
        throw new MediaStoreError('put', object.key, error);
      }
    },
    async remove(key) {
      assertMediaKey(key);
      try {
        const { sdk, client: s3Client } = await s3();
        await s3Client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw new MediaStoreError('remove', key, error);
      }
    },
  };
}
