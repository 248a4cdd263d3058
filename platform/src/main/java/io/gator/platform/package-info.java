/**
 * Launchers: {@code bin/gator <role>} runs {@link io.gator.platform.GatorMain} from one shaded jar
 * ({@code platform/target/gator.jar}); each role reads a HOCON file from {@code config/}. Launch
 * logic stays here, out of the domain modules (DESIGN.md, "Modules").
 */
package io.gator.platform;
