import { open } from 'node:fs/promises';

/** What an ONNX file says of its own identity, when its author wrote it down. */
export interface OnnxModelMetadata {
  /** metadata_props `name` (or `model_name`). */
  readonly name?: string;
  /** metadata_props `version` (or `model_version`), else ModelProto.model_version when not 0. */
  readonly version?: string;
}

// ModelProto field numbers (onnx.proto3); metadata_props entries are StringStringEntryProto {key = 1, value = 2}.
const MODEL_VERSION = 5;
const METADATA_PROPS = 14;
/** A metadata entry longer than this is not a name or a version: skipped unread. */
const MAX_ENTRY_BYTES = 64 * 1024;
/** ModelProto has about a dozen fields; a file with far more top-level fields is not one. */
const MAX_FIELDS = 100_000;

/**
 * The identity an ONNX model carries, read from the top level of its ModelProto only:
 * the graph (nearly all of a file's bytes) is skipped by its length, never parsed.
 * onnxruntime's JS API does not expose these fields, so the patch reads them itself.
 * Never rejects: anything unreadable gives what was found so far.
 */
export async function metadataFromBytes(bytes: Uint8Array): Promise<OnnxModelMetadata> {
  const found: Found = { props: new Map() };
  try {
    await scan({ size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) }, found);
  } catch {
    // a malformed or truncated model: keep what was read
  }
  return identity(found);
}

/** metadataFromBytes for a model file, with a few small positioned reads (not the whole file). */
export async function metadataFromFile(path: string): Promise<OnnxModelMetadata> {
  const found: Found = { props: new Map() };
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const file = handle;
    // One read of a small window covers a field's header and, usually, a short field.
    let windowStart = 0;
    let window = new Uint8Array(0);
    const read = async (offset: number, length: number): Promise<Uint8Array> => {
      if (offset < windowStart || offset + length > windowStart + window.length) {
        const buffer = new Uint8Array(Math.max(length, 4096));
        const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
        windowStart = offset;
        window = buffer.subarray(0, bytesRead);
      }
      return window.subarray(offset - windowStart, offset - windowStart + length);
    };
    await scan({ size: (await file.stat()).size, read }, found);
  } catch {
    // unreadable: the model is still named from its path
  } finally {
    await handle?.close().catch(() => undefined);
  }
  return identity(found);
}

interface Found {
  props: Map<string, string>;
  modelVersion?: number;
}

interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

function identity(found: Found): OnnxModelMetadata {
  const name = found.props.get('name') ?? found.props.get('model_name');
  const version = found.props.get('version') ?? found.props.get('model_version')
    ?? (found.modelVersion !== undefined && found.modelVersion > 0 && Number.isSafeInteger(found.modelVersion) ? String(found.modelVersion) : undefined);
  return { ...(nonEmpty(name) ? { name } : {}), ...(nonEmpty(version) ? { version } : {}) };
}

const nonEmpty = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Walks ModelProto's top-level fields: records model_version, reads metadata entries,
 * skips everything else by its length. Stops at the end, at a wire type ModelProto does
 * not use, or at a length past the end (the data is not a model, or is cut short).
 */
async function scan(source: ByteSource, found: Found): Promise<void> {
  let offset = 0;
  for (let fields = 0; offset < source.size && fields < MAX_FIELDS; fields++) {
    const header = await source.read(offset, 20);
    const tag = varint(header, 0);
    if (tag === undefined) return;
    const field = Math.floor(tag.value / 8);
    switch (tag.value % 8) {
      case 0: {
        const value = varint(header, tag.next);
        if (value === undefined) return;
        if (field === MODEL_VERSION) found.modelVersion = value.value;
        offset += value.next;
        break;
      }
      case 1:
        offset += tag.next + 8;
        break;
      case 2: {
        const length = varint(header, tag.next);
        if (length === undefined) return;
        const start = offset + length.next;
        if (start + length.value > source.size) return;
        if (field === METADATA_PROPS && length.value <= MAX_ENTRY_BYTES) readEntry(await source.read(start, length.value), found);
        offset = start + length.value;
        break;
      }
      case 5:
        offset += tag.next + 4;
        break;
      default:
        return;
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A StringStringEntryProto: key = 1, value = 2. */
function readEntry(bytes: Uint8Array, found: Found): void {
  let key: string | undefined;
  let value: string | undefined;
  let offset = 0;
  while (offset < bytes.length) {
    const tag = varint(bytes, offset);
    if (tag === undefined || tag.value % 8 !== 2) return;
    const length = varint(bytes, tag.next);
    if (length === undefined || length.next + length.value > bytes.length) return;
    const text = utf8.decode(bytes.subarray(length.next, length.next + length.value));
    if (tag.value >>> 3 === 1) key = text;
    else if (tag.value >>> 3 === 2) value = text;
    offset = length.next + length.value;
  }
  if (key !== undefined && value !== undefined) found.props.set(key, value);
}

/**
 * A base-128 varint at `offset` (its value as a Number, exact to 2^53; larger or
 * negative int64 values come out large or imprecise, which only matters for a
 * model_version no one writes), and the offset after it.
 */
function varint(bytes: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const byte = bytes[i];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  return undefined;
}
