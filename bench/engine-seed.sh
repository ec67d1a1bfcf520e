#!/usr/bin/env bash
# Writes seed.xml with one more contained collection (benchNotes) beside autopilotEvents to FILE: the same event
# type, served by the engine (a schema with more than one collection is the engine's), for comparing the engine's
# request path with the bundled one, e.g. NEW_ARGS=--metadata=FILE bench/ab.sh JAR JAR.
# bench/engine-seed.sh FILE
set -euo pipefail
sed -e 's|^\( *\)<EntityType Name="deviceManagement" BaseType="graph.entity">|&\n\1  <NavigationProperty Name="benchNotes" Type="Collection(microsoft.graph.benchNote)" ContainsTarget="true"/>|' \
    -e 's|^\( *\)<EntityType Name="deviceManagementAutopilotEvent" BaseType="graph.entity">|\1<EntityType Name="benchNote" BaseType="graph.entity">\n\1  <Property Name="text" Type="Edm.String"/>\n\1</EntityType>\n&|' \
    "$(dirname "$0")/../metadata/seed.xml" >"$1"
grep -q benchNotes "$1" && grep -q 'EntityType Name="benchNote"' "$1"
