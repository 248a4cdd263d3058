package io.gator.core.target;

/** The left side of a predicate: a whitelisted column or one key of a JSON column. */
public sealed interface Operand {
    ValueType type();

    /** A plain column. */
    record Col(Column column) implements Operand {
        @Override
        public ValueType type() {
            return column.type();
        }

        @Override
        public String toString() {
            return column.sqlName();
        }
    }

    /** {@code environment->>'key'} or {@code tags->>'key'}: text, NULL when the key is absent. */
    record JsonField(JsonDoc doc, String key) implements Operand {
        @Override
        public ValueType type() {
            return ValueType.TEXT;
        }

        @Override
        public String toString() {
            return doc.sqlName() + "->>" + Value.quote(key);
        }
    }
}
