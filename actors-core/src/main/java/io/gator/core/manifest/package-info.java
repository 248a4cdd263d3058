/**
 * MIG's loader manifests: the files a loader installs ({@link ManifestArchive}, read from the tar.gz an
 * investigator uploads), what the API serves and investigators sign ({@link Manifest}, with its exact signed
 * string), and the loader's signature rule ({@link ManifestSignatures}). Shared by the API, {@code mig} and
 * {@code gator loader} so that all three sign and check the same bytes.
 */
package io.gator.core.manifest;
