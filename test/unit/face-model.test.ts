/**
 * addTfliteMetadata(): structure of the rewritten BlazeFace model.
 * Run: npx tsx --test test/unit/face-model.test.ts
 *
 * Field ids below are transcribed again from the schemas on purpose (not
 * imported from the implementation), so a wrong id in one place fails here:
 * TFLite schema.fbs and tflite-support metadata_schema.fbs.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { addTfliteMetadata } from '../../scripts/face-model/add-tflite-metadata.ts';
import { prepareAssets } from '../../scripts/build-face-model.ts';
import { FlatBufferReader } from '../../scripts/face-model/flatbuffer-reader.ts';

// schema.fbs
const MODEL = {
  version: 0,
  operator_codes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadata_buffer: 5,
  metadata: 6,
  signature_defs: 7,
};
const BUFFER_DATA = 0;
const METADATA = { name: 0, buffer: 1 };
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3 };
const TENSOR_NAME = 3;
// metadata_schema.fbs
const MODEL_METADATA = { name: 0, subgraph_metadata: 3, min_parser_version: 7 };
const SUBGRAPH_METADATA_INPUTS = 2;
const TENSOR_METADATA = { content: 3, process_units: 4 };
const CONTENT = { type: 0, value: 1 };
const PROCESS_UNIT = { type: 0, value: 1 };
const NORMALIZATION = { mean: 0, std: 1 };
const IMAGE_PROPERTIES_COLOR_SPACE = 0;
const CONTENT_PROPERTIES_IMAGE_PROPERTIES = 2;
const PROCESS_UNIT_OPTIONS_NORMALIZATION = 1;
const COLOR_SPACE_RGB = 1;

const faceDetectionDir = fileURLToPath(new URL('../../node_modules/@mediapipe/face_detection/', import.meta.url));
const shortRange = new Uint8Array(readFileSync(faceDetectionDir + 'face_detection_short_range.tflite'));
const fullRange = new Uint8Array(readFileSync(faceDetectionDir + 'face_detection_full_range.tflite'));

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where the untouched original sits in the output: 16-aligned, followed only by < 16 zero bytes. */
function findOriginal(out: Uint8Array, original: Uint8Array): number {
  const last = out.length - original.length;
  for (let start = last - (last % 16); start > 0; start -= 16) {
    if (bytesEqual(out.subarray(start, start + original.length), original)) return start;
  }
  return -1;
}

function versionAtMost(v: string, max: string): boolean {
  const a = v.split('.').map(Number);
  const b = max.split('.').map(Number);
  assert.ok(a.every(Number.isInteger), `bad version ${v}`);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return true;
}

interface ParsedMetadata {
  entryNames: string[];
  tfliteMetadataBuffer: number;
  bufferCount: number;
  data: Uint8Array;
  dataStart: number;
}

function readModelMetadataEntry(r: FlatBufferReader): ParsedMetadata {
  const root = r.root();
  const buffers = r.tableVector(r.fieldRef(root, MODEL.buffers));
  const metadataVec = r.fieldRef(root, MODEL.metadata);
  assert.notEqual(metadataVec, 0, 'Model.metadata is missing');
  const entries = r.tableVector(metadataVec);
  const entryNames = entries.map((e) => r.fieldString(e, METADATA.name) ?? '');
  const entry = entries[entryNames.indexOf('TFLITE_METADATA')];
  assert.ok(entry !== undefined, 'no TFLITE_METADATA entry');
  const tfliteMetadataBuffer = r.fieldU32(entry, METADATA.buffer);
  assert.ok(tfliteMetadataBuffer < buffers.length, 'metadata buffer index out of range');
  const { start, data } = r.byteVector(r.fieldRef(buffers[tfliteMetadataBuffer], BUFFER_DATA));
  return { entryNames, tfliteMetadataBuffer, bufferCount: buffers.length, data, dataStart: start };
}

function readNormalization(meta: Uint8Array) {
  const m = new FlatBufferReader(meta);
  const root = m.root();
  const subgraphs = m.tableVector(m.fieldRef(root, MODEL_METADATA.subgraph_metadata));
  const inputs = m.tableVector(m.fieldRef(subgraphs[0], SUBGRAPH_METADATA_INPUTS));
  const tensor = inputs[0];
  const content = m.fieldRef(tensor, TENSOR_METADATA.content);
  const units = m.tableVector(m.fieldRef(tensor, TENSOR_METADATA.process_units));
  const normalization = m.fieldRef(units[0], PROCESS_UNIT.value);
  return {
    fileIdentifier: m.fileIdentifier(),
    modelName: m.fieldString(root, MODEL_METADATA.name),
    minParserVersion: m.fieldString(root, MODEL_METADATA.min_parser_version),
    subgraphCount: subgraphs.length,
    inputCount: inputs.length,
    contentType: m.fieldU8(content, CONTENT.type),
    colorSpace: m.fieldI8(m.fieldRef(content, CONTENT.value), IMAGE_PROPERTIES_COLOR_SPACE),
    unitCount: units.length,
    unitType: m.fieldU8(units[0], PROCESS_UNIT.type),
    mean: m.float32Vector(m.fieldRef(normalization, NORMALIZATION.mean)),
    std: m.float32Vector(m.fieldRef(normalization, NORMALIZATION.std)),
  };
}

const out = addTfliteMetadata(shortRange);

test('output is deterministic and the input is not modified', () => {
  const copy = shortRange.slice();
  const again = addTfliteMetadata(copy);
  assert.ok(bytesEqual(out, again), 'two runs differ');
  assert.ok(bytesEqual(copy, shortRange), 'input was modified');
  assert.notEqual(out.length, shortRange.length);
});

test('the build writes the full-range model with its metadata and name, the original intact inside', () => {
  const { modelPath } = prepareAssets();
  const built = new Uint8Array(readFileSync(modelPath));
  assert.ok(modelPath.endsWith('blaze_face_full_range.tflite'));
  assert.ok(findOriginal(built, fullRange) > 0, 'the full-range model is inside');
  const metadata = readNormalization(readModelMetadataEntry(new FlatBufferReader(built)).data);
  assert.equal(metadata.modelName, 'BlazeFace full range');
  assert.deepEqual([metadata.mean, metadata.std], [[127.5], [127.5]]);
});

test('new root is in the prefix, file id TFL3, original bytes intact at a 16-aligned offset', () => {
  const r = new FlatBufferReader(out);
  assert.equal(String.fromCharCode(...out.subarray(4, 8)), 'TFL3');
  const start = findOriginal(out, shortRange);
  assert.ok(start > 0, 'original bytes not found');
  assert.equal(start % 16, 0);
  assert.ok(out.length - (start + shortRange.length) < 16, 'unexpected trailing bytes');
  assert.ok(
    out.subarray(start + shortRange.length).every((b) => b === 0),
    'trailing padding is not zero',
  );
  const root = r.root();
  assert.ok(root >= 8 && root < start, `root ${root} is not in the prefix [8, ${start})`);
  assert.ok(r.vtable(root) < start, 'root vtable is not in the prefix');
  assert.equal(out.length % 16, 0);
});

test('TFLITE_METADATA points at a new LAST buffer holding M001 metadata', () => {
  const original = new FlatBufferReader(shortRange);
  const originalBufferCount = original.vectorLength(original.fieldRef(original.root(), MODEL.buffers));
  const meta = readModelMetadataEntry(new FlatBufferReader(out));
  assert.equal(meta.bufferCount, originalBufferCount + 1);
  assert.equal(meta.tfliteMetadataBuffer, meta.bufferCount - 1);
  assert.deepEqual(meta.entryNames, ['TFLITE_METADATA']);
  assert.equal(meta.dataStart % 16, 0, 'Buffer.data must honour force_align 16');

  const n = readNormalization(meta.data);
  assert.equal(n.fileIdentifier, 'M001');
  assert.equal(n.subgraphCount, 1);
  assert.equal(n.inputCount, 1);
  assert.equal(n.contentType, CONTENT_PROPERTIES_IMAGE_PROPERTIES);
  assert.equal(n.colorSpace, COLOR_SPACE_RGB);
  assert.equal(n.unitCount, 1);
  assert.equal(n.unitType, PROCESS_UNIT_OPTIONS_NORMALIZATION);
  assert.deepEqual(n.mean, [127.5]);
  assert.deepEqual(n.std, [127.5]);
  assert.ok(n.minParserVersion !== null && versionAtMost(n.minParserVersion, '1.5.0'), `min_parser_version ${n.minParserVersion}`);
});

test('every other Model field still resolves to the original objects', () => {
  const o = new FlatBufferReader(shortRange);
  const r = new FlatBufferReader(out);
  const start = findOriginal(out, shortRange);
  const oRoot = o.root();
  const nRoot = r.root();

  assert.equal(r.fieldU32(nRoot, MODEL.version), o.fieldU32(oRoot, MODEL.version));
  assert.notEqual(o.field(oRoot, MODEL.version), 0, 'fixture should carry a version');
  for (const id of [MODEL.operator_codes, MODEL.subgraphs, MODEL.description, MODEL.metadata_buffer, MODEL.signature_defs]) {
    const before = o.fieldRef(oRoot, id);
    const after = r.fieldRef(nRoot, id);
    if (before === 0) assert.equal(after, 0, `field ${id} appeared`);
    else assert.equal(after, start + before, `field ${id} does not point at the original object`);
  }
  assert.equal(r.fieldString(nRoot, MODEL.description), o.fieldString(oRoot, MODEL.description));
  assert.deepEqual(r.int32Vector(r.fieldRef(nRoot, MODEL.metadata_buffer)), o.int32Vector(o.fieldRef(oRoot, MODEL.metadata_buffer)));

  // Same buffers, in the same order, with the same bytes.
  const oBuffers = o.tableVector(o.fieldRef(oRoot, MODEL.buffers));
  const nBuffers = r.tableVector(r.fieldRef(nRoot, MODEL.buffers));
  oBuffers.forEach((b, i) => {
    assert.equal(nBuffers[i], start + b, `buffer ${i} moved`);
    const od = o.fieldRef(b, BUFFER_DATA);
    const nd = r.fieldRef(nBuffers[i], BUFFER_DATA);
    if (od === 0) assert.equal(nd, 0);
    else assert.ok(bytesEqual(r.byteVector(nd).data, o.byteVector(od).data), `buffer ${i} data differs`);
  });

  // Subgraph 0 through the new root: same tensors (names), inputs, outputs, operators.
  const oSg = o.tableVector(o.fieldRef(oRoot, MODEL.subgraphs))[0];
  const nSg = r.tableVector(r.fieldRef(nRoot, MODEL.subgraphs))[0];
  const names = (rd: FlatBufferReader, sg: number) =>
    rd.tableVector(rd.fieldRef(sg, SUBGRAPH.tensors)).map((t) => rd.fieldString(t, TENSOR_NAME));
  const oNames = names(o, oSg);
  assert.ok(oNames.length > 100, 'fixture should have many tensors');
  assert.deepEqual(names(r, nSg), oNames);
  assert.deepEqual(r.int32Vector(r.fieldRef(nSg, SUBGRAPH.inputs)), o.int32Vector(o.fieldRef(oSg, SUBGRAPH.inputs)));
  assert.deepEqual(r.int32Vector(r.fieldRef(nSg, SUBGRAPH.outputs)), o.int32Vector(o.fieldRef(oSg, SUBGRAPH.outputs)));
  assert.equal(r.vectorLength(r.fieldRef(nSg, SUBGRAPH.operators)), o.vectorLength(o.fieldRef(oSg, SUBGRAPH.operators)));
  assert.equal(r.vectorLength(r.fieldRef(nRoot, MODEL.operator_codes)), o.vectorLength(o.fieldRef(oRoot, MODEL.operator_codes)));
});

test('normalisation options are taken from the arguments, not hard-coded', () => {
  const custom = addTfliteMetadata(shortRange, { mean: [0, 1, 2], std: [255, 254, 253] });
  const n = readNormalization(readModelMetadataEntry(new FlatBufferReader(custom)).data);
  assert.deepEqual(n.mean, [0, 1, 2]);
  assert.deepEqual(n.std, [255, 254, 253]);
});

test('works for the full-range model too', () => {
  const o = new FlatBufferReader(fullRange);
  const count = o.vectorLength(o.fieldRef(o.root(), MODEL.buffers));
  const full = addTfliteMetadata(fullRange);
  assert.ok(findOriginal(full, fullRange) > 0);
  const meta = readModelMetadataEntry(new FlatBufferReader(full));
  assert.equal(meta.bufferCount, count + 1);
  assert.equal(meta.tfliteMetadataBuffer, count);
});

test('rejects non-TFLite input and a model that already has TFLITE_METADATA', () => {
  assert.throws(() => addTfliteMetadata(new Uint8Array(64)), /TFLite/);
  const wrongId = shortRange.slice();
  wrongId.set([0x4d, 0x30, 0x30, 0x31], 4); // "M001"
  assert.throws(() => addTfliteMetadata(wrongId), /file identifier/);
  assert.throws(() => addTfliteMetadata(out), /already has a TFLITE_METADATA/);
});
