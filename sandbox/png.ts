import { deflateSync } from 'node:zlib';

/** Small valid PNGs for the image URLs of the feed, drawn from the hash in the URL so each URL has its own look. */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Rgb = readonly [number, number, number];

/** An 8-bit RGB PNG; `pixel` paints each point. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const at = y * stride + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function shade([r, g, b]: Rgb, factor: number): Rgb {
  const f = (v: number) => Math.max(0, Math.min(255, Math.round(v * factor)));
  return [f(r), f(g), f(b)];
}

/** A 160x120 "photo": sky in the hash colour, a darker ground, and a box-shaped vehicle. */
export function renderVehicleImage(hash: string): Buffer {
  const colour: Rgb = [parseInt(hash.slice(0, 2), 16), parseInt(hash.slice(2, 4), 16), parseInt(hash.slice(4, 6), 16)];
  const body = shade([255 - colour[0], 255 - colour[1], 255 - colour[2]], 0.9);
  const ground = shade(colour, 0.45);
  const wheel: Rgb = [30, 30, 30];
  return encodePng(160, 120, (x, y) => {
    const inWheel = (cx: number) => (x - cx) ** 2 + (y - 88) ** 2 <= 100;
    if (inWheel(55) || inWheel(108)) return wheel;
    if (y >= 62 && y < 88 && x >= 35 && x < 128) return body;
    if (y >= 45 && y < 62 && x >= 55 && x < 105) return shade(body, 0.8);
    return y >= 92 ? ground : colour;
  });
}

const IMAGE_PATH = /^(?:\/test)?\/publicimages\/image\/\d+\/\d+\/([0-9a-f]{40})$/;

/** The hash of a vendor-shaped image path, or null. */
export function imageHashOf(pathname: string): string | null {
  const match = IMAGE_PATH.exec(pathname);
  return match ? match[1] : null;
}

const MAX_CACHED = 2000;

/** Keeps rendered images; dropped wholesale when full, since rendering one again is cheap. */
export class ImageCache {
  private readonly images = new Map<string, Buffer>();

  get(hash: string): Buffer {
    let png = this.images.get(hash);
    if (!png) {
      if (this.images.size >= MAX_CACHED) this.images.clear();
      png = renderVehicleImage(hash);
      this.images.set(hash, png);
    }
    return png;
  }
}
