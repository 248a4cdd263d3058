package io.gator.cli.loader;

import io.gator.cli.api.MigApiClient;
import io.gator.cli.sign.Signer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code mig loader} and {@code mig manifest} work with.
 *
 * @param api     the API for a configuration file ({@code -c}, else the default .migrc)
 * @param signers the investigator's signer for a configuration file (signing manifests)
 */
public record Context(Function<Optional<Path>, MigApiClient> api, Function<Optional<Path>, Signer> signers,
                      PrintStream out, PrintStream err, Clock clock) {}
