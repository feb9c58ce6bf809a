/** Recognises JPEG and PNG files from their first bytes, without an image decoder. */

export type ImageType = 'jpeg' | 'png';

export interface ImageHeader {
  type: ImageType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Enough leading bytes for {@link detectImageType}. */
export const IMAGE_SIGNATURE_BYTES = PNG_SIGNATURE.length;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** The image type announced by the file signature, or `null`. */
export function detectImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  return null;
}

function readUint16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** PNG: the IHDR chunk must come first and holds width and height. */
function readPngHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  return { type: 'png', width: readUint32(bytes, 16), height: readUint32(bytes, 20) };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT/JPG/DAC (C4, C8, CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** From a start-of-frame's FF to the end of its width: FF, marker, length (2), precision, height (2), width (2). */
const FRAME_HEADER_BYTES = 9;

/** JPEG: walk the marker segments up to the first start-of-frame, which holds height and width. */
function readJpegHeader(bytes: Uint8Array): ImageHeader | null {
  let offset = 2;
  // Fewer bytes left than a frame header cannot hold the size.
  while (offset + FRAME_HEADER_BYTES <= bytes.length) {
    // Also where a segment length under 2 ends the walk: it lands on its own length bytes, 00 00 or 00 01.
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte before a marker
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // standalone markers carry no length
      continue;
    }
    if (isStartOfFrame(marker)) return { type: 'jpeg', height: readUint16(bytes, offset + 5), width: readUint16(bytes, offset + 7) };
    offset += 2 + readUint16(bytes, offset + 2);
  }
  return null;
}

/** Type and pixel dimensions of a JPEG or PNG file; `null` when it is neither or has no usable size. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const type = detectImageType(bytes);
  const header = type === 'png' ? readPngHeader(bytes) : type === 'jpeg' ? readJpegHeader(bytes) : null;
  return header && header.width > 0 && header.height > 0 ? header : null;
}
