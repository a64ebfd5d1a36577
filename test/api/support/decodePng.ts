import { crc32, inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  colourType: number;
  /** Rows of pixel bytes, filter bytes removed. */
  pixels: Buffer;
}

/** Decodes the 8-bit RGB, unfiltered PNGs the connector icon is written as; checks every chunk's CRC. */
export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG signature');
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (png.readUInt32BE(offset + 8 + length) !== crc32(png.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in ${type}`);
    offset += 12 + length;
    if (type === 'IHDR') header = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
  }
  if (!header) throw new Error('no IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(data));
  const stride = 1 + width * 3;
  if (header.readUInt8(8) !== 8 || header.readUInt8(9) !== 2 || raw.length !== stride * height) throw new Error('not an 8-bit RGB image of its size');
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    if (raw[y * stride] !== 0) throw new Error('filtered rows are not expected here');
    rows.push(raw.subarray(y * stride + 1, (y + 1) * stride));
  }
  return { width, height, colourType: header.readUInt8(9), pixels: Buffer.concat(rows) };
}
