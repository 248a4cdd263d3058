/**
 * MIG's loaders and manifests, server side: loader entries and their keys ({@link io.gator.api.loader.LoaderKey},
 * hashed as MIG hashes them), manifests with their investigators' signatures and status
 * ({@link io.gator.api.loader.ManifestRecord}), their targets compiled with Gator's target grammar over the
 * {@code loaders} table ({@link io.gator.api.loader.LoaderTargets}), all kept in PostgreSQL or H2
 * ({@link io.gator.api.loader.LoaderStore}) and driven by {@link io.gator.api.loader.LoaderService}. The HTTP
 * routes (MIG's {@code /loader}, {@code /manifest} and the loader-facing {@code /manifest/agent/} and
 * {@code /manifest/fetch/}) are in {@code io.gator.api.http}, beside the other routes whose plumbing they share.
 */
package io.gator.api.loader;
