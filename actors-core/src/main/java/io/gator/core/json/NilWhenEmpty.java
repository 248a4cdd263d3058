package io.gator.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes an empty collection or map as {@code null}, as Go writes a nil slice or map. Records keep
 * empty collections instead of nulls; this puts Go's {@code null} back on the wire.
 */
public final class NilWhenEmpty extends JsonSerializer<Object> {
    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        boolean empty = value instanceof Collection<?> c ? c.isEmpty() : value instanceof Map<?, ?> m && m.isEmpty();
        if (empty) {
            gen.writeNull();
        } else {
            provider.defaultSerializeValue(value, gen);
        }
    }
}
