/**
 * A tiny FlatBuffers reader with bounds checks: tables, scalar and offset
 * fields (by field id = vtable slot), vectors and strings. Positions are
 * absolute byte indices into the buffer.
 */

const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class FlatBufferReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private check(pos: number, size: number, align: number): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + size > this.bytes.length) {
      throw new RangeError(`flatbuffer-reader: ${size} bytes at ${pos} outside buffer of ${this.bytes.length}`);
    }
    if (pos % align !== 0) throw new RangeError(`flatbuffer-reader: position ${pos} not ${align}-aligned`);
  }

  u8(pos: number): number {
    this.check(pos, 1, 1);
    return this.view.getUint8(pos);
  }
  i8(pos: number): number {
    this.check(pos, 1, 1);
    return this.view.getInt8(pos);
  }
  u16(pos: number): number {
    this.check(pos, 2, 2);
    return this.view.getUint16(pos, true);
  }
  i32(pos: number): number {
    this.check(pos, 4, 4);
    return this.view.getInt32(pos, true);
  }
  u32(pos: number): number {
    this.check(pos, 4, 4);
    return this.view.getUint32(pos, true);
  }
  f32(pos: number): number {
    this.check(pos, 4, 4);
    return this.view.getFloat32(pos, true);
  }
  u64(pos: number): bigint {
    this.check(pos, 8, 8);
    return this.view.getBigUint64(pos, true);
  }

  /** Follows the uoffset stored at `pos`. */
  deref(pos: number): number {
    const target = pos + this.u32(pos);
    if (target >= this.bytes.length) throw new RangeError(`flatbuffer-reader: uoffset at ${pos} points past the end`);
    return target;
  }

  /** Position of the root table. */
  root(): number {
    return this.deref(0);
  }

  fileIdentifier(): string {
    this.check(4, 4, 1);
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }

  vtable(table: number): number {
    return table - this.i32(table);
  }

  /** Number of field slots present in the table's vtable. */
  fieldCount(table: number): number {
    return (this.u16(this.vtable(table)) - 4) / 2;
  }

  /** Absolute position of field `id`'s inline value, or 0 when absent. */
  field(table: number, id: number): number {
    const vt = this.vtable(table);
    const vtSize = this.u16(vt);
    const slot = 4 + 2 * id;
    if (slot + 2 > vtSize) return 0;
    const rel = this.u16(vt + slot);
    return rel === 0 ? 0 : table + rel;
  }

  /** Target of an offset field (table, vector or string), or 0 when absent. */
  fieldRef(table: number, id: number): number {
    const p = this.field(table, id);
    return p === 0 ? 0 : this.deref(p);
  }

  fieldU8(table: number, id: number, dflt = 0): number {
    const p = this.field(table, id);
    return p === 0 ? dflt : this.u8(p);
  }
  fieldI8(table: number, id: number, dflt = 0): number {
    const p = this.field(table, id);
    return p === 0 ? dflt : this.i8(p);
  }
  fieldU32(table: number, id: number, dflt = 0): number {
    const p = this.field(table, id);
    return p === 0 ? dflt : this.u32(p);
  }

  vectorLength(vec: number): number {
    return this.u32(vec);
  }

  /** Positions of the tables an offset vector points at. */
  tableVector(vec: number): number[] {
    const n = this.vectorLength(vec);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.deref(vec + 4 + 4 * i));
    return out;
  }

  float32Vector(vec: number): number[] {
    const n = this.vectorLength(vec);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.f32(vec + 4 + 4 * i));
    return out;
  }

  int32Vector(vec: number): number[] {
    const n = this.vectorLength(vec);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.i32(vec + 4 + 4 * i));
    return out;
  }

  /** Bytes of a `[ubyte]` vector (a view, not a copy) and the position of its first byte. */
  byteVector(vec: number): { start: number; data: Uint8Array } {
    const n = this.vectorLength(vec);
    const start = vec + 4;
    this.check(start, n, 1);
    return { start, data: this.bytes.subarray(start, start + n) };
  }

  string(str: number): string {
    const n = this.vectorLength(str);
    this.check(str + 4, n + 1, 1);
    if (this.bytes[str + 4 + n] !== 0) throw new Error(`flatbuffer-reader: string at ${str} is not NUL-terminated`);
    return textDecoder.decode(this.bytes.subarray(str + 4, str + 4 + n));
  }

  /** String field value, or null when absent. */
  fieldString(table: number, id: number): string | null {
    const p = this.fieldRef(table, id);
    return p === 0 ? null : this.string(p);
  }
}
