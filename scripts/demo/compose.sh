#!/usr/bin/env bash
# The docker side of `just demo`, `just demo-background` and `just down`: runs docker-compose.yaml as project
# hotshot-ts with `docker compose` (v2) or the standalone `docker-compose` (v1), whichever this machine has.
#
#   scripts/demo/compose.sh up PHASE             build the image, run phase PHASE (1, 2 or 3) in the foreground
#   scripts/demo/compose.sh up-background PHASE  the same, detached; returns once every service is ready
#   scripts/demo/compose.sh build                build the image (hotshot-ts:local) only
#   scripts/demo/compose.sh down                 stop whichever phase runs; delete its containers, network, volume
#
# Ready: running, and healthy where the service has a health check; the one-shot deploy step exited 0. Neither
# compose's v1 has `up --wait`, so this polls the containers (DEMO_WAIT_TIMEOUT seconds, default 600) the same way
# for both. Exit status: 0 ready, 1 a service failed or did not get ready in time (its state and last log lines are
# printed), 2 usage, 3 no Docker engine or compose tool.
set -euo pipefail
cd "$(dirname "$0")/../.."

PROJECT=hotshot-ts
fail() { echo "demo: $2" >&2; exit "$1"; }

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose -p "$PROJECT")
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose -p "$PROJECT")
else
  fail 3 "neither 'docker compose' (v2) nor 'docker-compose' (v1) is installed"
fi
docker info >/dev/null 2>&1 || fail 3 "no Docker engine answers ('docker info' failed); start dockerd"

set_phase() {
  [[ "${1:-}" =~ ^[123]$ ]] || fail 2 "the phase is 1, 2 or 3, not '${1:-}'"
  export DEMO_PHASE=$1 COMPOSE_PROFILES=phase$1
  # Phase I's adaptor posts full batches; phase II's batch commitments (phase III runs no adaptor).
  if [ "$1" = 2 ]; then export ADAPTOR_MODE=offchain-da; else export ADAPTOR_MODE=basic; fi
}

# One line per container of the project: service, state, health (none without a check), exit code, restart policy.
container_states() {
  local ids
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")
  [ -z "$ids" ] && return 0
  # shellcheck disable=SC2086 # one argument per id
  docker inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}}' $ids
}

# Prints the services of the phase that are not ready yet; returns 1 when one has failed for good.
not_ready() {
  local states service state health code restart failed=0
  states=$(container_states)
  for service in $services; do
    read -r _ state health code restart < <(grep "^$service " <<<"$states" || echo "$service missing none 0 none")
    if [ "$state" = exited ] && [ "$restart" = no ]; then
      [ "$code" = 0 ] && continue
      echo "$service (exited $code)"; failed=1; continue
    fi
    if [ "$state" = running ] && { [ "$health" = none ] || [ "$health" = healthy ]; }; then continue; fi
    echo "$service ($state, health $health)"
  done
  return "$failed"
}

wait_ready() {
  local timeout=${DEMO_WAIT_TIMEOUT:-600} start=$SECONDS pending status
  # The services of the phase are those `up` created a container for (docker-compose v1's `config --services` lists
  # every profile's).
  services=$(container_states | cut -d' ' -f1 | sort -u)
  [ -n "$services" ] || fail 1 "'up' created no container"
  while :; do
    status=0
    pending=$(not_ready) || status=$?
    [ -z "$pending" ] && break
    if [ "$status" -ne 0 ] || [ $((SECONDS - start)) -ge "$timeout" ]; then
      report "$([ "$status" -ne 0 ] && echo 'failed' || echo "not ready after ${timeout}s")" "$pending"
      return 1
    fi
    sleep 2
  done
  echo "demo phase $DEMO_PHASE: every service is ready after $((SECONDS - start))s:" \
    "L2 JSON-RPC http://127.0.0.1:50022 (chain id 1001), L1 http://127.0.0.1:8545, sequencer 0 http://127.0.0.1:50001"
}

report() {
  echo "demo: $1: $(tr '\n' ' ' <<<"$2")" >&2
  local service
  for service in $(cut -d' ' -f1 <<<"$2"); do
    echo "---- $service, last log lines" >&2
    "${compose[@]}" logs --tail 20 "$service" >&2 || true
  done
}

# Every service runs the one image; building it through one service builds it once (`up --build` would build it
# again for each service under docker-compose v1).
build() { "${compose[@]}" build "$("${compose[@]}" config --services | head -1)"; }

case "${1:-}" in
  up)
    set_phase "${2:-}"
    build
    exec "${compose[@]}" up
    ;;
  up-background)
    set_phase "${2:-}"
    build
    "${compose[@]}" up --detach || { services=$(container_states | cut -d' ' -f1 | sort -u); report 'up failed' "$(not_ready || true)"; exit 1; }
    wait_ready
    ;;
  build)
    build
    ;;
  down)
    # Every profile, so the adaptor goes too whichever phase started it.
    COMPOSE_PROFILES=phase1,phase2,phase3 "${compose[@]}" down --volumes --remove-orphans
    ;;
  *)
    fail 2 "usage: $0 up PHASE | up-background PHASE | build | down"
    ;;
esac
