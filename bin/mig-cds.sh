# Sourced by the mig launcher: the CLI's class data sharing archive.
# mig_cds_archive JAR: answers true with MIG_CDS_OPTS set (the JVM options that use it) when the archive of JAR
# for the java on PATH exists; otherwise starts its training run in the background (io.gator.cli.CdsTraining
# under -XX:ArchiveClassesAtExit, about 4 s of CPU, once) and answers false, this run going without. Archives live
# in ${XDG_CACHE_HOME:-~/.cache}/gator, named after the jar's path, size and time, the java's, and their own size.
# A new jar or JDK gets a new archive. A damaged archive never stops the CLI: the JVM checks its checksums
# (VerifySharedSpaces) and goes on without it (-Xshare:auto), and a truncated one, which would crash the JVM
# before any check, is caught here by its size and deleted.
mig_cds_archive() {
  local jar="$1" java_bin="" d cache path_id=0 i c stamps key f tmp
  # two forks at most (stat): this runs before every mig command
  local IFS=:
  for d in $PATH; do
    if [ -x "${d:-.}/java" ]; then java_bin="${d:-.}/java"; break; fi
  done
  IFS=$' \t\n'
  [ -n "$java_bin" ] || return 1
  cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/gator"
  for ((i = 0; i < ${#jar}; i++)); do
    printf -v c '%d' "'${jar:i:1}"
    path_id=$(( (path_id * 31 + c) % 4294967296 ))
  done
  stamps="$(stat -Lc '%s.%Y' "$jar" "$java_bin" 2>/dev/null)" || return 1
  key="$path_id-${stamps//$'\n'/-}"
  for f in "$cache/mig-$key-"*.jsa; do
    [ -f "$f" ] || continue
    c="${f##*-}"
    if [ "$(stat -c %s "$f" 2>/dev/null)" = "${c%.jsa}" ]; then
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
    if "$java_bin" -XX:TieredStopAtLevel=1 -XX:+VerifySharedSpaces -XX:ArchiveClassesAtExit="$tmp" -cp "$jar" \
        io.gator.cli.CdsTraining && [ -s "$tmp" ]; then
      find "$cache" -maxdepth 1 -name "mig-$path_id-*.jsa" -delete
      mv -f "$tmp" "$cache/mig-$key-$(stat -c %s "$tmp").jsa"
    fi
    rm -f "$tmp"
    rmdir "$cache/mig-$key.lock"
  ) </dev/null >/dev/null 2>&1 &
  return 1
}
