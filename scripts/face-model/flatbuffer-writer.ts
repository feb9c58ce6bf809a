/**
 * A tiny, dependency-free FlatBuffers builder (little-endian), just enough to
 * write TFLite metadata: tables with scalar/offset fields, strings, vectors of
 * float32 / offsets / bytes, raw blocks and a root with a 4-byte file id.
 *
 * Like the reference builders it fills its buffer from the back, so every
 * object written later lands EARLIER in the output and all uoffsets point
 * forward. Positions handed out (`Offset`) are "bytes from the end of the
 * buffer"; once the buffer is finished with a total length that is a multiple
 * of the largest alignment used, alignment measured from the end equals
 * alignment measured from the start.
 *
 * Every field that is added is written (no default-value elision) and vtables
 * are not deduplicated: the output is a pure function of the call sequence.
 */

/** Position of an object, counted in bytes from the end of the finished buffer. */
export type Offset = number;

const textEncoder = new TextEncoder();

export class FlatBufferWriter {
  private bb: Uint8Array;
  private view: DataView;
  /** Index in `bb` of the first written byte (bytes are written downwards). */
  private space: number;
  private minAlign = 1;
  private vtable: number[] | null = null;
  private objectEnd = 0;
  private vectorElems = -1;

  constructor(initialSize = 1024) {
    this.bb = new Uint8Array(Math.max(16, initialSize));
    this.view = new DataView(this.bb.buffer);
    this.space = this.bb.length;
  }

  /** Bytes written so far; also the `Offset` of the most recently written byte. */
  offset(): Offset {
    return this.bb.length - this.space;
  }

  private grow(needed: number): void {
    let size = this.bb.length;
    const used = this.offset();
    while (size - used < needed) size *= 2;
    if (size === this.bb.length) return;
    const next = new Uint8Array(size);
    next.set(this.bb.subarray(this.space), size - used);
    this.bb = next;
    this.view = new DataView(next.buffer);
    this.space = size - used;
  }

  pad(n: number): void {
    this.grow(n);
    for (let i = 0; i < n; i++) this.bb[--this.space] = 0;
  }

  /**
   * Pads so that, after `additional` more bytes are written, the next `size`
   * bytes start at a multiple of `size` (counted from the end).
   */
  prep(size: number, additional: number): void {
    if (size > this.minAlign) this.minAlign = size;
    const alignSize = (size - ((this.offset() + additional) % size)) % size;
    this.grow(alignSize + size + additional);
    this.pad(alignSize);
  }

  private claim(n: number): number {
    this.grow(n);
    this.space -= n;
    return this.space;
  }

  addInt8(v: number): void {
    this.prep(1, 0);
    this.view.setInt8(this.claim(1), v);
  }
  addUint8(v: number): void {
    this.prep(1, 0);
    this.view.setUint8(this.claim(1), v);
  }
  addInt16(v: number): void {
    this.prep(2, 0);
    this.view.setInt16(this.claim(2), v, true);
  }
  addInt32(v: number): void {
    this.prep(4, 0);
    this.view.setInt32(this.claim(4), v, true);
  }
  addUint32(v: number): void {
    this.prep(4, 0);
    this.view.setUint32(this.claim(4), v >>> 0, true);
  }
  addFloat32(v: number): void {
    this.prep(4, 0);
    this.view.setFloat32(this.claim(4), v, true);
  }

  /** Writes a uoffset pointing at an object already written (i.e. later in the file). */
  addOffset(target: Offset): void {
    this.prep(4, 0);
    const here = this.offset() + 4; // Offset of the uoffset once written
    if (target > here - 4 || target <= 0) {
      throw new Error(`flatbuffer-writer: offset ${target} does not point forward from ${here}`);
    }
    this.view.setUint32(this.claim(4), here - target, true);
  }

  // ---- tables ------------------------------------------------------------

  startTable(numFields: number): void {
    if (this.vtable) throw new Error('flatbuffer-writer: nested startTable');
    this.vtable = new Array<number>(numFields).fill(0);
    this.objectEnd = this.offset();
  }

  private slot(id: number): void {
    if (!this.vtable) throw new Error('flatbuffer-writer: field outside a table');
    if (id < 0 || id >= this.vtable.length) throw new Error(`flatbuffer-writer: field id ${id} out of range`);
    this.vtable[id] = this.offset();
  }

  addFieldInt8(id: number, v: number): void {
    this.addInt8(v);
    this.slot(id);
  }
  addFieldUint8(id: number, v: number): void {
    this.addUint8(v);
    this.slot(id);
  }
  addFieldInt32(id: number, v: number): void {
    this.addInt32(v);
    this.slot(id);
  }
  addFieldUint32(id: number, v: number): void {
    this.addUint32(v);
    this.slot(id);
  }
  addFieldOffset(id: number, target: Offset): void {
    this.addOffset(target);
    this.slot(id);
  }

  /** Writes the table's soffset and its vtable (placed just before the table). */
  endTable(): Offset {
    const vt = this.vtable;
    if (!vt) throw new Error('flatbuffer-writer: endTable without startTable');
    this.addInt32(0); // soffset placeholder
    const objectOffset = this.offset();
    let n = vt.length;
    while (n > 0 && vt[n - 1] === 0) n--;
    for (let i = n - 1; i >= 0; i--) {
      this.addInt16(vt[i] ? objectOffset - vt[i] : 0);
    }
    this.addInt16(objectOffset - this.objectEnd); // inline size of the table
    this.addInt16((n + 2) * 2); // vtable size in bytes
    const vtableOffset = this.offset();
    // soffset: vtable position = table position - soffset.
    this.view.setInt32(this.bb.length - objectOffset, vtableOffset - objectOffset, true);
    this.vtable = null;
    return objectOffset;
  }

  // ---- vectors and strings -----------------------------------------------

  startVector(elemSize: number, numElems: number, alignment: number): void {
    this.prep(4, elemSize * numElems);
    this.prep(alignment, elemSize * numElems);
    this.vectorElems = numElems;
  }

  endVector(): Offset {
    if (this.vectorElems < 0) throw new Error('flatbuffer-writer: endVector without startVector');
    this.addUint32(this.vectorElems);
    this.vectorElems = -1;
    return this.offset();
  }

  createString(s: string): Offset {
    const utf8 = textEncoder.encode(s);
    this.prep(4, utf8.length + 1);
    this.addUint8(0); // NUL terminator, not counted in the length
    this.bb.set(utf8, this.claim(utf8.length));
    this.vectorElems = utf8.length;
    return this.endVector();
  }

  createFloat32Vector(values: readonly number[]): Offset {
    this.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) this.addFloat32(values[i]);
    return this.endVector();
  }

  createOffsetVector(targets: readonly Offset[]): Offset {
    this.startVector(4, targets.length, 4);
    for (let i = targets.length - 1; i >= 0; i--) this.addOffset(targets[i]);
    return this.endVector();
  }

  /** A `[ubyte]` vector whose DATA starts at a multiple of `alignment` (schema `force_align`). */
  createByteVector(bytes: Uint8Array, alignment = 1): Offset {
    this.startVector(1, bytes.length, alignment);
    this.bb.set(bytes, this.claim(bytes.length));
    return this.endVector();
  }

  /**
   * Places raw bytes (e.g. a whole existing flatbuffer) so that their first
   * byte is aligned to `alignment`; returns the Offset of that first byte.
   * Object at byte `p` of the block then has Offset `returned - p`.
   */
  addRawBlock(bytes: Uint8Array, alignment: number): Offset {
    this.prep(alignment, bytes.length);
    this.bb.set(bytes, this.claim(bytes.length));
    return this.offset();
  }

  /** Writes the root uoffset and the 4-character file identifier; returns the bytes. */
  finish(root: Offset, fileIdentifier: string): Uint8Array {
    const id = textEncoder.encode(fileIdentifier);
    if (id.length !== 4) throw new Error('flatbuffer-writer: file identifier must be 4 bytes');
    this.prep(this.minAlign, 8);
    for (let i = 3; i >= 0; i--) this.addUint8(id[i]);
    this.addOffset(root);
    return this.bb.slice(this.space);
  }
}
