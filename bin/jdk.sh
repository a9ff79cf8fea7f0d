# Sourced by bin/tork and bin/test: picks the JDK (21 or newer) the engine is built and run with,
# whatever the machine's default `java` is, and the JVM options that keep a modern JDK quiet.
#   $jdk              TORK_JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64, else JAVA_HOME,
#                     else the newest JDK 21+ under /usr/lib/jvm
#   $tork_jvm_quiet   --enable-native-access (RocksDB, JDK 22+) and
#                     --sun-misc-unsafe-memory-access=allow (Kafka, Maven; JDK 24+)
jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
jdk=""
for candidate in "${TORK_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
  candidate=${candidate%/}
  if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(jdk_major "$candidate")" -ge 21 ] 2>/dev/null; then
    jdk=$candidate
    break
  fi
done
if [ -z "$jdk" ]; then
  echo "tork: needs a JDK 21 or newer (found none; set TORK_JAVA_HOME to one)" >&2
  exit 1
fi
tork_jvm_quiet=""
major=$(jdk_major "$jdk")
[ "$major" -ge 22 ] && tork_jvm_quiet="--enable-native-access=ALL-UNNAMED"
[ "$major" -ge 24 ] && tork_jvm_quiet="$tork_jvm_quiet --sun-misc-unsafe-memory-access=allow"
export JAVA_HOME="$jdk"
