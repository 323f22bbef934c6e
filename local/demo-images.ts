/**
 * Illustrations for the demo typical cases and for tests: small PNGs drawn in code (a tiny
 * encoder: RGB, 8 bits, one IDAT), so no image files live in git. Kept apart from
 * `demo-cases.ts` so tests can draw an image without loading the data modules (whose DynamoDB
 * client must be created only after the local stack has set its endpoint).
 */
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_v, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * An illustration `width`×`height`: a sky-to-ground gradient in the case's colours, green hills,
 * and a white panel with a red cross (the emblem), so the demo cards look like photos of an event
 * without being anyone's picture.
 */
export function demoIllustration(width: number, height: number, sky: Rgb, ground: Rgb): Buffer {
  const rows: Buffer[] = [];
  const cross = { x: Math.round(width * 0.68), y: Math.round(height * 0.3), size: Math.round(height * 0.28) };
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    row[0] = 0; // filter: none (the deflate still shrinks flat runs well)
    for (let x = 0; x < width; x++) {
      const t = y / height;
      let pixel: Rgb = [0, 1, 2].map((i) => Math.round((sky[i] ?? 0) * (1 - t) + (ground[i] ?? 0) * t)) as unknown as Rgb;
      const hill = height * (0.62 + 0.08 * Math.sin((x / width) * Math.PI * 2.2));
      if (y > hill) pixel = [74, 138, 78];
      const inPanel = Math.abs(x - cross.x) < cross.size / 2 && Math.abs(y - cross.y) < cross.size / 2;
      if (inPanel) {
        const arm = cross.size / 6;
        const onCross = Math.abs(x - cross.x) < arm || Math.abs(y - cross.y) < arm;
        pixel = onCross && Math.abs(x - cross.x) < cross.size * 0.36 && Math.abs(y - cross.y) < cross.size * 0.36 ? [200, 16, 46] : [255, 255, 255];
      }
      row[1 + x * 3] = pixel[0];
      row[2 + x * 3] = pixel[1];
      row[3 + x * 3] = pixel[2];
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
