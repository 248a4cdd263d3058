package io.gator.core.target;

import com.typesafe.config.Config;

/**
 * Bounds on what {@link Target#parse} accepts, so hostile input cannot exhaust memory or the stack.
 *
 * @param maxLength longest target in characters
 * @param maxDepth  deepest nesting of parentheses and NOT
 */
public record TargetLimits(int maxLength, int maxDepth) {
    /** The reference.conf values: 4096 characters, depth 64. */
    public static final TargetLimits DEFAULT = new TargetLimits(4096, 64);

    public TargetLimits {
        if (maxLength < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("target limits must be positive: " + maxLength + ", " + maxDepth);
        }
    }

    /** Reads {@code gator.core.target.max-length} and {@code max-depth}. */
    public static TargetLimits fromConfig(Config config) {
        Config c = config.getConfig("gator.core.target");
        return new TargetLimits(c.getInt("max-length"), c.getInt("max-depth"));
    }
}
