/**
 * What a photo upload really is, read from its bytes rather than trusted from the request: the
 * format from its magic bytes and its pixel size from its header. No image library: three header
 * layouts are a few lines each, and a Lambda bundle should not carry a decoder it never runs.
 */

/** Photo formats Boai accepts (every phone browser can show them). */
export const photoContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** One of {@link photoContentTypes}. */
export type PhotoContentType = (typeof photoContentTypes)[number];

/** File extension of each accepted format, as used in media keys and by the local media server. */
export const photoExtensions: Readonly<Record<PhotoContentType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** Narrows a declared content type to an accepted one. */
export function isPhotoContentType(value: string): value is PhotoContentType {
  return (photoContentTypes as readonly string[]).includes(value);
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const ascii = (bytes: Uint8Array, offset: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(offset, offset + length));

/** The accepted format the bytes are in, from their magic bytes; undefined for anything else. */
export function sniffPhotoType(bytes: Uint8Array): PhotoContentType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && pngSignature.every((value, index) => bytes[index] === value)) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Pixel size of an image. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Largest side taken at face value; anything beyond is a corrupt or hostile header, not a photo. */
const maxSide = 30_000;

const u16be = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u24le = (b: Uint8Array, i: number): number => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number): number => (((b[i] ?? 0) << 24) >>> 0) + (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0));

/** JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const startOfFrame = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array): ImageSize | undefined {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      // Fill byte before a marker.
      i += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      // Markers without a length field.
      i += 2;
      continue;
    }
    if (startOfFrame.has(marker)) {
      if (i + 8 >= b.length) return undefined;
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    const length = u16be(b, i + 2);
    if (length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function webpSize(b: Uint8Array): ImageSize | undefined {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) {
    return { width: ((b[26] ?? 0) | ((b[27] ?? 0) << 8)) & 0x3fff, height: ((b[28] ?? 0) | ((b[29] ?? 0) << 8)) & 0x3fff };
  }
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const [b1, b2, b3, b4] = [b[21] ?? 0, b[22] ?? 0, b[23] ?? 0, b[24] ?? 0];
    return { width: 1 + (((b2 & 0x3f) << 8) | b1), height: 1 + (((b4 & 0x0f) << 10) | (b3 << 2) | ((b2 & 0xc0) >> 6)) };
  }
  if (chunk === 'VP8X' && b.length >= 30) return { width: 1 + u24le(b, 24), height: 1 + u24le(b, 27) };
  return undefined;
}

/**
 * The pixel size read from the image header, or undefined when the header cannot be read (the
 * photo is still accepted: the page then reserves no fixed box for it).
 */
export function photoSize(bytes: Uint8Array, type: PhotoContentType): ImageSize | undefined {
  const size = type === 'image/jpeg' ? jpegSize(bytes) : type === 'image/png' ? (bytes.length >= 24 && ascii(bytes, 12, 4) === 'IHDR' ? { width: u32be(bytes, 16), height: u32be(bytes, 20) } : undefined) : webpSize(bytes);
  if (!size || size.width < 1 || size.height < 1 || size.width > maxSide || size.height > maxSide) return undefined;
  return size;
}
