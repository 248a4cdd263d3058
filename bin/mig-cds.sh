# Sourced by the mig launcher: the CLI's class data sharing archive.
# mig_cds_archive JAR: answers true with MIG_CDS_OPTS set (the JVM options that use it) when the archive of JAR
# for the java on PATH exists; otherwise starts its training run in the background (io.gator.cli.CdsTraining
# under -XX:ArchiveClassesAtExit, about 4 s of CPU, once) and answers false, this run going without. Archives live
# in ${XDG_CACHE_HOME:-~/.cache}/gator, named after the jar's path, size and time, the JDK's, and their own size.
# A new jar or JDK gets a new archive. A damaged archive never stops the CLI: the JVM checks its checksums
# (VerifySharedSpaces) and goes on without it (-Xshare:auto), and a truncated one, which would crash the JVM
# before any check, is caught here by its size and deleted.
mig_cds_archive() {
  local jar="$1" java_bin cache jar_id key tmp f
  java_bin="$(command -v java)" || return 1
  cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/gator"
  jar_id="$(printf '%s\n' "$jar" | cksum | cut -d' ' -f1)"
  key="$jar_id-$(stat -Lc '%s.%Y' "$jar" "$java_bin" 2>/dev/null | cksum | cut -d' ' -f1)"
  for f in "$cache/mig-$key-"*.jsa; do
    [ -f "$f" ] || continue
    if [ "$(stat -c %s "$f" 2>/dev/null)" = "$(basename "${f##*-}" .jsa)" ]; then
      MIG_CDS_OPTS=(-XX:SharedArchiveFile="$f" -XX:+VerifySharedSpaces -Xlog:cds=off -Xlog:cds+dynamic=off)
      return 0
    fi
    rm -f "$f"
  done
  mkdir -p "$cache" 2>/dev/null || return 1
  # one training at a time; a lock left by a killed training expires after 10 minutes
  find "$cache" -maxdepth 1 -name "mig-$key.lock" -mmin +10 -exec rmdir {} + 2>/dev/null || true
  mkdir "$cache/mig-$key.lock" 2>/dev/null || return 1
  tmp="$cache/mig-$key.$$.tmp"
  (
    if java -XX:TieredStopAtLevel=1 -XX:+VerifySharedSpaces -XX:ArchiveClassesAtExit="$tmp" -cp "$jar" \
        io.gator.cli.CdsTraining && [ -s "$tmp" ]; then
      find "$cache" -maxdepth 1 -name "mig-$jar_id-*.jsa" -delete
      mv -f "$tmp" "$cache/mig-$key-$(stat -c %s "$tmp").jsa"
    fi
    rm -f "$tmp"
    rmdir "$cache/mig-$key.lock"
  ) </dev/null >/dev/null 2>&1 &
  return 1
}
