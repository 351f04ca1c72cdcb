#!/usr/bin/env sh
# Builds the sample app and what it needs (core, auto-configuration, starter), then starts it.
# Arguments go to the application:  ./run-sample.sh            the app on http://localhost:8080
#                                   ./run-sample.sh --demo     the scripted demo, its report, then exit
#                                   ./run-sample.sh --demo=short
# (./mvnw -pl sample-app -am spring-boot:run does not work: the goal would also run on the parent and library
#  modules, which have no main class.)
set -eu
cd "$(dirname "$0")"
./mvnw -B -q -pl sample-app -am package -DskipTests
exec java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar "$@"
