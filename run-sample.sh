#!/usr/bin/env bash
# Builds the filter and the sample webapp, then serves the sample on embedded Jetty 12:
#   ./run-sample.sh                      http://localhost:8080, leads to a local Dub stand-in
#   DUB_API_KEY=dub_... ./run-sample.sh  leads to the real Dub
#   ./run-sample.sh -Dport=9090          (or PORT=9090) another port; -Dhost=0.0.0.0 listens on every address
# Arguments are JVM options for the server (-Dport, -Dhost, -Ddub.apiUrl, -Djetty.base).
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B install -DskipTests
mvn -q -B -f webapp-sample/pom.xml package -DskipTests
exec java "$@" -cp "webapp-sample/target/test-classes:$(cat webapp-sample/target/dev-classpath.txt)" \
    io.dubleads.sample.dev.SampleServer
