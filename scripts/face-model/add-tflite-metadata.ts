/**
 * Adds TFLite Metadata (the `TFLITE_METADATA` entry MediaPipe Tasks reads) to a
 * .tflite model that has none, without re-serialising the model.
 *
 * Field ids are vtable slots (slot N lives at byte 4 + 2N of the vtable); no
 * table below uses explicit `(id:)` attributes or deprecated fields before the
 * ones used, so the id is the declaration order. Read from:
 *   - TFLite `tensorflow/lite/schema/schema.fbs` (tensorflow/tensorflow
 *     @4c1ad632, and tensorflow/tflite-micro @6cdf0d78 for signature_defs and
 *     Buffer.offset/size), file_identifier "TFL3":
 *       Model:    version 0, operator_codes 1, subgraphs 2, description 3,
 *                 buffers 4, metadata_buffer 5, metadata 6, signature_defs 7
 *       Buffer:   data 0 ([ubyte], force_align 16), offset 1, size 2 (ulong;
 *                 only for >2 GB models, "valid if > 1")
 *       Metadata: name 0, buffer 1 (uint index into Model.buffers)
 *       SubGraph: tensors 0, inputs 1   Tensor: name 3
 *   - tflite-support `tensorflow_lite_support/metadata/metadata_schema.fbs`
 *     (tensorflow/tflite-support @49b22eda, schema 1.2.1), file_identifier "M001":
 *       ModelMetadata:    name 0, description 1, version 2, subgraph_metadata 3,
 *                         author 4, license 5, associated_files 6,
 *                         min_parser_version 7
 *       SubGraphMetadata: name 0, description 1, input_tensor_metadata 2
 *       TensorMetadata:   name 0, description 1, dimension_names 2, content 3,
 *                         process_units 4
 *       Content:          content_properties_type 0, content_properties 1, range 2
 *       ProcessUnit:      options_type 0, options 1
 *       NormalizationOptions: mean 0, std 1
 *       ImageProperties:  color_space 0, default_size 1
 *     A union field `u` takes two slots: `u_type` (ubyte) then `u` (offset).
 *     Union types count from NONE = 0: ContentProperties { FeatureProperties = 1,
 *     ImageProperties = 2, BoundingBoxProperties = 3 }; ProcessUnitOptions
 *     { NormalizationOptions = 1, ... }. enum ColorSpaceType : byte
 *     { UNKNOWN = 0, RGB = 1, GRAYSCALE = 2 }.
 *   min_parser_version is "1.0.0": ImageProperties and NormalizationOptions are
 *   part of the 1.0.0 schema (later versions only added tokenizers, tensor
 *   groups, etc.).
 *
 * Layout of the result (uoffsets point forward only):
 *   [root uoffset]["TFL3"][new Model, its metadata/buffers vectors, the new
 *   Metadata + Buffer tables, the name string, the M001 metadata bytes]
 *   [pad][original model bytes, untouched, at a 16-aligned offset][pad]
 * The new Model points at the original objects for every other field, so
 * tensor buffer indices, operators and subgraphs are unchanged; the new buffer
 * is appended LAST to `buffers`.
 */

import { FlatBufferReader } from './flatbuffer-reader.ts';
import { FlatBufferWriter, type Offset } from './flatbuffer-writer.ts';

export const TFLITE_METADATA_NAME = 'TFLITE_METADATA';

/** TFLite schema.fbs field ids. */
export const ModelField = {
  version: 0,
  operator_codes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadata_buffer: 5,
  metadata: 6,
  signature_defs: 7,
} as const;
export const BufferField = { data: 0, offset: 1, size: 2 } as const;
export const MetadataField = { name: 0, buffer: 1 } as const;
export const SubGraphField = { tensors: 0, inputs: 1 } as const;

/** metadata_schema.fbs field ids. */
export const ModelMetadataField = {
  name: 0,
  description: 1,
  version: 2,
  subgraph_metadata: 3,
  author: 4,
  license: 5,
  associated_files: 6,
  min_parser_version: 7,
} as const;
export const SubGraphMetadataField = { name: 0, description: 1, input_tensor_metadata: 2 } as const;
export const TensorMetadataField = { name: 0, description: 1, dimension_names: 2, content: 3, process_units: 4 } as const;
export const ContentField = { content_properties_type: 0, content_properties: 1, range: 2 } as const;
export const ProcessUnitField = { options_type: 0, options: 1 } as const;
export const NormalizationOptionsField = { mean: 0, std: 1 } as const;
export const ImagePropertiesField = { color_space: 0, default_size: 1 } as const;

export const CONTENT_PROPERTIES_IMAGE_PROPERTIES = 2;
export const PROCESS_UNIT_OPTIONS_NORMALIZATION_OPTIONS = 1;
export const COLOR_SPACE_RGB = 1;

export const MIN_PARSER_VERSION = '1.0.0';

export interface TfliteMetadataOptions {
  /** Per-channel (or single) mean for `(x - mean) / std`; default [127.5] → input in [-1, 1]. */
  mean?: readonly number[];
  std?: readonly number[];
  name?: string;
  description?: string;
  version?: string;
  author?: string;
  license?: string;
  inputTensorName?: string;
}

const DEFAULTS = {
  mean: [127.5],
  std: [127.5],
  name: 'BlazeFace',
  description: 'BlazeFace face detector with TFLite metadata (RGB input normalised to [-1, 1]).',
  version: '1',
  author: 'Google (MediaPipe)',
  license: 'Apache-2.0',
  inputTensorName: 'image',
} satisfies Required<TfliteMetadataOptions>;

/** Builds the stand-alone `ModelMetadata` flatbuffer (file identifier "M001"). */
export function buildModelMetadata(options: TfliteMetadataOptions = {}): Uint8Array {
  const o = { ...DEFAULTS, ...options };
  if (o.mean.length === 0 || o.std.length === 0) throw new Error('mean and std must not be empty');
  if (o.std.some((s) => s === 0)) throw new Error('std must not contain 0');

  const w = new FlatBufferWriter(512);

  const mean = w.createFloat32Vector(o.mean);
  const std = w.createFloat32Vector(o.std);
  w.startTable(2);
  w.addFieldOffset(NormalizationOptionsField.mean, mean);
  w.addFieldOffset(NormalizationOptionsField.std, std);
  const normalization = w.endTable();

  w.startTable(2);
  w.addFieldOffset(ProcessUnitField.options, normalization);
  w.addFieldUint8(ProcessUnitField.options_type, PROCESS_UNIT_OPTIONS_NORMALIZATION_OPTIONS);
  const processUnit = w.endTable();
  const processUnits = w.createOffsetVector([processUnit]);

  w.startTable(1);
  w.addFieldInt8(ImagePropertiesField.color_space, COLOR_SPACE_RGB);
  const imageProperties = w.endTable();

  w.startTable(2);
  w.addFieldOffset(ContentField.content_properties, imageProperties);
  w.addFieldUint8(ContentField.content_properties_type, CONTENT_PROPERTIES_IMAGE_PROPERTIES);
  const content = w.endTable();

  const tensorName = w.createString(o.inputTensorName);
  w.startTable(5);
  w.addFieldOffset(TensorMetadataField.name, tensorName);
  w.addFieldOffset(TensorMetadataField.content, content);
  w.addFieldOffset(TensorMetadataField.process_units, processUnits);
  const inputTensor = w.endTable();
  const inputTensors = w.createOffsetVector([inputTensor]);

  w.startTable(3);
  w.addFieldOffset(SubGraphMetadataField.input_tensor_metadata, inputTensors);
  const subgraph = w.endTable();
  const subgraphs = w.createOffsetVector([subgraph]);

  const name = w.createString(o.name);
  const description = w.createString(o.description);
  const version = w.createString(o.version);
  const author = w.createString(o.author);
  const license = w.createString(o.license);
  const minParserVersion = w.createString(MIN_PARSER_VERSION);
  w.startTable(8);
  w.addFieldOffset(ModelMetadataField.name, name);
  w.addFieldOffset(ModelMetadataField.description, description);
  w.addFieldOffset(ModelMetadataField.version, version);
  w.addFieldOffset(ModelMetadataField.subgraph_metadata, subgraphs);
  w.addFieldOffset(ModelMetadataField.author, author);
  w.addFieldOffset(ModelMetadataField.license, license);
  w.addFieldOffset(ModelMetadataField.min_parser_version, minParserVersion);
  const modelMetadata = w.endTable();

  return w.finish(modelMetadata, 'M001');
}

/** Model fields that are carried over by pointing at the original object. */
const CARRIED_OFFSET_FIELDS = [
  ModelField.operator_codes,
  ModelField.subgraphs,
  ModelField.description,
  ModelField.metadata_buffer,
  ModelField.signature_defs,
] as const;

/**
 * Returns a new .tflite whose Model additionally lists a `TFLITE_METADATA`
 * entry (image input, RGB, NormalizationOptions). Pure and deterministic.
 */
export function addTfliteMetadata(model: Uint8Array, options: TfliteMetadataOptions = {}): Uint8Array {
  if (model.length < 16) throw new Error('not a TFLite model: too short');
  const r = new FlatBufferReader(model);
  if (r.fileIdentifier() !== 'TFL3') throw new Error(`not a TFLite model: file identifier "${r.fileIdentifier()}"`);
  const root = r.root();

  // Every Model field we do not know could be a scalar or an offset: refuse rather than guess.
  const fieldCount = r.fieldCount(root);
  for (let id = ModelField.signature_defs + 1; id < fieldCount; id++) {
    if (r.field(root, id) !== 0) throw new Error(`Model field id ${id} is not known to this tool`);
  }

  const subgraphsVec = r.fieldRef(root, ModelField.subgraphs);
  if (subgraphsVec === 0 || r.vectorLength(subgraphsVec) === 0) throw new Error('model has no subgraphs');
  const mainInputs = r.fieldRef(r.tableVector(subgraphsVec)[0], SubGraphField.inputs);
  const inputCount = mainInputs === 0 ? 0 : r.vectorLength(mainInputs);
  if (inputCount !== 1) throw new Error(`expected a single-input model, subgraph 0 has ${inputCount} inputs`);

  const buffersVec = r.fieldRef(root, ModelField.buffers);
  if (buffersVec === 0 || r.vectorLength(buffersVec) === 0) throw new Error('model has no buffers (buffer 0 must be the empty sentinel)');
  const originalBuffers = r.tableVector(buffersVec);
  for (const b of originalBuffers) {
    // Data stored outside the flatbuffer is addressed from the file start; shifting the file would break it.
    const p = r.field(b, BufferField.offset);
    if (p !== 0 && r.u64(p) > 1n) throw new Error('models with out-of-flatbuffer buffer data (>2 GB format) are not supported');
  }

  const metadataVec = r.fieldRef(root, ModelField.metadata);
  const originalMetadata = metadataVec === 0 ? [] : r.tableVector(metadataVec);
  for (const m of originalMetadata) {
    if (r.fieldString(m, MetadataField.name) === TFLITE_METADATA_NAME) {
      throw new Error(`model already has a ${TFLITE_METADATA_NAME} entry`);
    }
  }

  const metadataBytes = buildModelMetadata(options);

  const w = new FlatBufferWriter(model.length + metadataBytes.length + 1024);
  // The original model goes last in the file; shift is a multiple of 16 because
  // the finished buffer's length is a multiple of the largest alignment (16).
  const originalStart = w.addRawBlock(model, 16);
  const original = (pos: number): Offset => originalStart - pos;

  const data = w.createByteVector(metadataBytes, 16);
  w.startTable(1);
  w.addFieldOffset(BufferField.data, data);
  const newBuffer = w.endTable();

  const name = w.createString(TFLITE_METADATA_NAME);
  w.startTable(2);
  w.addFieldOffset(MetadataField.name, name);
  w.addFieldUint32(MetadataField.buffer, originalBuffers.length);
  const newMetadata = w.endTable();

  const buffers = w.createOffsetVector([...originalBuffers.map(original), newBuffer]);
  const metadata = w.createOffsetVector([...originalMetadata.map(original), newMetadata]);

  w.startTable(ModelField.signature_defs + 1);
  for (const id of CARRIED_OFFSET_FIELDS) {
    const target = r.fieldRef(root, id);
    if (target !== 0) w.addFieldOffset(id, original(target));
  }
  w.addFieldOffset(ModelField.buffers, buffers);
  w.addFieldOffset(ModelField.metadata, metadata);
  if (r.field(root, ModelField.version) !== 0) {
    w.addFieldUint32(ModelField.version, r.fieldU32(root, ModelField.version));
  }
  const newRoot = w.endTable();

  return w.finish(newRoot, 'TFL3');
}
