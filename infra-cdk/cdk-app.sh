#!/usr/bin/env sh
# The CDK app of cdk.json: the jar Maven builds, with its dependencies in target/lib.
set -eu
cd "$(dirname "$0")"
if [ ! -f target/salesflow-infra-cdk.jar ]; then
  echo "salesflow: infra-cdk/target/salesflow-infra-cdk.jar is missing; build it (and the Lambda jars) first:" >&2
  echo "  (cd .. && mvn -B -ntp -pl infra-cdk -am package -DskipTests)" >&2
  exit 1
fi
exec java -jar target/salesflow-infra-cdk.jar
