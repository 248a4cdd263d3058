package io.gator.agent.persist.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kernel's {@code struct audit_rule_data} (linux/audit.h): {@code u32 flags, action, field_count},
 * {@code u32 mask[64]}, {@code u32 fields[64], values[64], fieldflags[64]}, {@code u32 buflen}, then
 * {@code buflen} bytes of the rule's strings (paths, keys) without terminators; all in host byte order.
 */
public final class KernelRule {
    public static final int BITMASK_SIZE = 64;
    public static final int MAX_FIELDS = 64;

    int flags;
    int action;
    int fieldCount;
    final int[] mask = new int[BITMASK_SIZE];
    final int[] fields = new int[MAX_FIELDS];
    final int[] values = new int[MAX_FIELDS];
    final int[] fieldflags = new int[MAX_FIELDS];
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    void appendString(String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public int flags() {
        return flags;
    }

    public int action() {
        return action;
    }

    public int fieldCount() {
        return fieldCount;
    }

    public int[] mask() {
        return mask.clone();
    }

    public int[] fields() {
        return Arrays.copyOf(fields, fieldCount);
    }

    public int[] values() {
        return Arrays.copyOf(values, fieldCount);
    }

    public int[] fieldflags() {
        return Arrays.copyOf(fieldflags, fieldCount);
    }

    public byte[] strings() {
        return buf.toByteArray();
    }

    /** The struct as sent in an {@code AUDIT_ADD_RULE} message: 1040 bytes plus the strings. */
    public byte[] encode() {
        byte[] s = strings();
        ByteBuffer b = ByteBuffer.allocate(4 * (3 + BITMASK_SIZE + 3 * MAX_FIELDS + 1) + s.length)
                .order(NetlinkCodec.ORDER);
        b.putInt(flags).putInt(action).putInt(fieldCount);
        for (int[] a : new int[][] {mask, fields, values, fieldflags}) {
            for (int v : a) {
                b.putInt(v);
            }
        }
        b.putInt(s.length).put(s);
        return b.array();
    }
}
