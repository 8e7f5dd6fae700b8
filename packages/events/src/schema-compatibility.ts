import avro from 'avsc';

/**
 * BACKWARD compatibility, as the registry defines it: consumers using `reader` can read data written
 * with `writer`. Returns why not, or null when compatible.
 */
export function backwardIncompatibility(reader: unknown, writer: unknown): string | null {
  try {
    avro.Type.forSchema(reader as avro.Schema).createResolver(avro.Type.forSchema(writer as avro.Schema));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
