/**
 * Launchers: {@code bin/gator <role>} runs {@link io.gator.platform.GatorMain} from one shaded jar
 * ({@code platform/target/gator.jar}); each role reads a HOCON file from {@code config/}. Launch
 * logic (picocli, config files, wiring the modules together) stays here, so that no domain module
 * depends on another one only to be started.
 */
package io.gator.platform;
