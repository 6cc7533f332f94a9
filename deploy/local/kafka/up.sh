#!/usr/bin/env bash
# Starts a local Apache Kafka broker on 127.0.0.1: KRaft mode, one JVM that is both broker and
# controller, run from the Maven Central jars that pom.xml (beside this file) names.
#
#   deploy/local/kafka/up.sh      # returns once the broker answers; prints the start-up time
#
# Environment:
#   HEADEND_KAFKA_PORT             client listener (default 9092)
#   HEADEND_KAFKA_CONTROLLER_PORT  KRaft controller listener (default 9093)
#   HEADEND_KAFKA_HEAP_OPTS        JVM heap flags (default "-Xmx512m -Xms256m")
#   HEADEND_KAFKA_JVM_OPTS         other JVM flags (default: G1 as Kafka's own scripts set it, plus
#                                  -XX:TieredStopAtLevel=1: C1 only, starts ~30% faster on 2 cores)
#   JAVA_HOME                      Java 17+ to use (default: `java` on PATH)
#
# Data, config and logs: $HEADEND_LOCAL_DIR/kafka (kafka.log, kafka.pid, server.properties, data/).
# Jars: $HEADEND_CACHE_DIR/kafka-<version>-<hash of pom.xml>/libs, fetched once per machine with
# Maven from Maven Central. Java 17+ and Maven are installed with apt-get when missing.
SERVICE=kafka
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${HEADEND_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${HEADEND_KAFKA_CONTROLLER_PORT:-9093}"
HEAP_OPTS="${HEADEND_KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
JVM_OPTS="${HEADEND_KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"
START_TIMEOUT=120

DIR="$HEADEND_LOCAL_DIR/kafka"
PIDFILE="$DIR/kafka.pid"
LOG="$DIR/kafka.log"

started_ns="$(date +%s%N)"

# --- reuse --------------------------------------------------------------------------------------
if port_open "$PORT"; then
  log "reusing the Kafka broker already answering on 127.0.0.1:$PORT"
  exit 0
fi

# --- java 17+ -----------------------------------------------------------------------------------
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ -z "${JAVA_HOME:-}" ]] && ! command -v java >/dev/null 2>&1; then
  apt_install openjdk-17-jre-headless
fi
command -v "$JAVA" >/dev/null 2>&1 ||
  die "Kafka needs Java 17 or newer, but '$JAVA' was not found (apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
java_version="$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
java_major="${java_version%%[.+-]*}"
[[ "$java_major" == 1 ]] && java_major="$(cut -d. -f2 <<<"$java_version")" # 1.8.0_x -> 8
if ! [[ "$java_major" =~ ^[0-9]+$ ]] || ((java_major < 17)); then
  die "Kafka needs Java 17 or newer, but '$JAVA' is version '${java_version:-unknown}' (set JAVA_HOME to a JDK 17+)"
fi

# --- jars ---------------------------------------------------------------------------------------
POM="$HERE/pom.xml"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n 1)"
[[ -n "$KAFKA_VERSION" ]] || die "no <kafka.version> in $POM"
LIBS="$HEADEND_CACHE_DIR/kafka-$KAFKA_VERSION-$(sha256sum "$POM" | cut -c1-12)/libs"

if [[ ! -f "$LIBS/.complete" ]]; then
  command -v mvn >/dev/null 2>&1 || apt_install maven
  log "fetching the Kafka $KAFKA_VERSION jars from Maven Central into $LIBS (once per machine)"
  fetch_ns="$(date +%s%N)"
  mkdir -p "$HEADEND_CACHE_DIR"
  tmp="$(mktemp -d "$HEADEND_CACHE_DIR/.kafka-libs.XXXXXX")"
  # Maven's own output goes to a file, shown only on failure: CI logs stay short.
  if ! mvn -B -ntp -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp/libs" >"$tmp/mvn.log" 2>&1; then
    tail -n 40 "$tmp/mvn.log" >&2
    rm -rf "$tmp"
    die "could not fetch the Kafka $KAFKA_VERSION jars with Maven (output above)"
  fi
  touch "$tmp/libs/.complete"
  mkdir -p "$(dirname "$LIBS")"
  [[ -f "$LIBS/.complete" ]] || rm -rf "$LIBS" # a half-made folder from an interrupted run
  # Another checkout may have finished first: then keep its copy.
  mv -T "$tmp/libs" "$LIBS" 2>/dev/null || [[ -f "$LIBS/.complete" ]] || die "could not move the jars into $LIBS"
  rm -rf "$tmp"
  log "fetched the Kafka jars in $(elapsed_ms "$fetch_ns") ms"
fi

# --- config -------------------------------------------------------------------------------------
DIR="$(service_dir kafka)"

# One up.sh at a time per data folder: a second one waits here, then reuses what the first started.
exec 9>"$DIR/up.lock"
flock -w $((START_TIMEOUT + 60)) 9 || die "another deploy/local/kafka/up.sh still holds $DIR/up.lock"
if port_open "$PORT"; then
  log "reusing the Kafka broker already answering on 127.0.0.1:$PORT"
  exit 0
fi

kafka_cmdline() { [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'kafka\.Kafka'; }

if pid_alive "$PIDFILE" && kafka_cmdline "$(cat "$PIDFILE")"; then
  # Started by an earlier up.sh that has not finished starting (or that gave up waiting).
  log "Kafka (pid $(cat "$PIDFILE")) is already starting; waiting for it"
else
  rm -f "$PIDFILE"
  port_open "$CONTROLLER_PORT" &&
    die "Kafka's controller port 127.0.0.1:$CONTROLLER_PORT is taken by another process (set HEADEND_KAFKA_CONTROLLER_PORT)"

  cat >"$DIR/server.properties" <<EOF
# Written by deploy/local/kafka/up.sh on every start; edits here are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/data

# One broker: every internal topic has one replica, and few partitions (quick first use).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1

group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
num.partitions=3

# Small footprint on a shared 2-core machine: the log cleaner allocates this buffer on the heap
# at start (default 128 MiB).
log.cleaner.dedupe.buffer.size=16777216
num.network.threads=2
num.io.threads=4
EOF

  cat >"$DIR/log4j2.properties" <<'EOF'
# Written by deploy/local/kafka/up.sh. Everything goes to stdout, which up.sh sends to kafka.log.
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRefs = out
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.clients.name = org.apache.kafka.clients
logger.clients.level = WARN
EOF

  # Keep the previous run's log next to this one.
  [[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.1"
  : >"$LOG"

  LOG4J_OPT="-Dlog4j2.configurationFile=$DIR/log4j2.properties"

  # Format the storage once: a fresh cluster id, kept in data/meta.properties.
  if [[ ! -f "$DIR/data/meta.properties" ]]; then
    # A Kafka cluster id is 16 random bytes in URL-safe base64 without padding, not starting with
    # "-" (what `kafka-storage.sh random-uuid` prints); made here to spare a JVM start.
    cluster_id=-
    while [[ "$cluster_id" == -* ]]; do
      cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    done
    "$JAVA" -XX:TieredStopAtLevel=1 "$LOG4J_OPT" -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$DIR/server.properties" >>"$LOG" 2>&1 ||
      { tail -n 40 "$LOG" >&2; die "could not format Kafka's storage in $DIR/data (log above)"; }
    log "formatted Kafka's storage (cluster id $cluster_id)"
  fi

  # shellcheck disable=SC2086 # HEAP_OPTS and JVM_OPTS are lists of flags
  nohup "$JAVA" $HEAP_OPTS $JVM_OPTS "$LOG4J_OPT" -cp "$LIBS/*" kafka.Kafka "$DIR/server.properties" \
    >>"$LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDFILE"
  log "starting Kafka $KAFKA_VERSION (pid $!) on 127.0.0.1:$PORT, controller on :$CONTROLLER_PORT; log: $LOG"
fi

# --- wait until it answers ----------------------------------------------------------------------
# "Kafka Server started" is logged once the broker has registered with the controller and been
# unfenced, i.e. when clients can use it; the open port alone comes a little earlier.
kafka_ready() {
  pid_alive "$PIDFILE" || return 0 # died: stop waiting, reported below
  port_open "$PORT" && grep -qF 'Kafka Server started' "$LOG"
}
if ! wait_until "$START_TIMEOUT" "Kafka" kafka_ready || ! pid_alive "$PIDFILE"; then
  tail -n 40 "$LOG" >&2
  if pid_alive "$PIDFILE"; then
    die "Kafka did not answer on 127.0.0.1:$PORT within ${START_TIMEOUT}s (log above; still running: deploy/local/kafka/down.sh stops it)"
  fi
  rm -f "$PIDFILE"
  die "Kafka exited during start-up (log above, full log in $LOG)"
fi
log "Kafka $KAFKA_VERSION ready on 127.0.0.1:$PORT in $(elapsed_ms "$started_ns") ms"
