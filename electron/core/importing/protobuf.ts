/**
 * Just enough of the protobuf wire format to read the few Anki messages we
 * need (template formats, notetype kind, the media list, package metadata).
 * Unknown fields are skipped; malformed input throws.
 */
export interface ProtoField {
  field: number;
  wireType: number;
  /** The value of a varint field (wire type 0). */
  varint: number;
  /** The bytes of a length-delimited field (wire type 2). */
  bytes: Uint8Array;
}

const empty = new Uint8Array(0);

export function readProto(buf: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new Error('protobuf message is truncated');
      const b = buf[pos++]!;
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return value;
    }
    throw new Error('protobuf varint is too long');
  };
  while (pos < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) throw new Error('protobuf field number 0');
    if (wireType === 0) {
      out.push({ field, wireType, varint: varint(), bytes: empty });
    } else if (wireType === 2) {
      const length = varint();
      if (pos + length > buf.length) throw new Error('protobuf field runs past the end of the message');
      out.push({ field, wireType, varint: 0, bytes: buf.subarray(pos, pos + length) });
      pos += length;
    } else if (wireType === 1) {
      pos += 8;
    } else if (wireType === 5) {
      pos += 4;
    } else {
      throw new Error(`protobuf wire type ${wireType} is not supported`);
    }
    if (pos > buf.length) throw new Error('protobuf message is truncated');
  }
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** The last string value of a field (protobuf's rule for repeated scalars set twice). */
export function protoString(fields: ProtoField[], field: number): string | undefined {
  let value: string | undefined;
  for (const f of fields) if (f.field === field && f.wireType === 2) value = utf8.decode(f.bytes);
  return value;
}

export function protoVarint(fields: ProtoField[], field: number): number | undefined {
  let value: number | undefined;
  for (const f of fields) if (f.field === field && f.wireType === 0) value = f.varint;
  return value;
}
