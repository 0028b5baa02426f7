# Recipes for the sequencer network. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Show the recipes.
default:
    @just --list

# Compile every app and lib into dist/ (swc, type-checked).
build:
    npm run build

# Run every test: lint, build, Jest (unit and multi-process) and forge.
test:
    npm test

# Run the Jest unit tests only.
test-unit:
    npm run test:unit

# Build and test the L1 contracts with Foundry.
forge-test:
    cd contracts && npx forge build && npx forge test

# Lint and check formatting.
lint:
    npm run lint

# Run the demo network with docker compose in the foreground (Ctrl-C stops it); `just demo 2`, `just demo 3` (or DEMO_PHASE) for phase II, III.
demo phase=env_var_or_default("DEMO_PHASE", "1"):
    @[[ "{{phase}}" =~ ^[123]$ ]] || { echo "just demo: the phase is 1, 2 or 3, not '{{phase}}'" >&2; exit 2; }
    DEMO_PHASE={{phase}} COMPOSE_PROFILES=phase{{phase}} ADAPTOR_MODE={{ if phase == "2" { "offchain-da" } else { "basic" } }} docker compose -p hotshot-ts up --build

# Start the docker demo network in the background; returns once every service is up and healthy.
demo-background phase=env_var_or_default("DEMO_PHASE", "1"):
    @[[ "{{phase}}" =~ ^[123]$ ]] || { echo "just demo-background: the phase is 1, 2 or 3, not '{{phase}}'" >&2; exit 2; }
    DEMO_PHASE={{phase}} COMPOSE_PROFILES=phase{{phase}} ADAPTOR_MODE={{ if phase == "2" { "offchain-da" } else { "basic" } }} docker compose -p hotshot-ts up --build --detach --wait --wait-timeout 300

# Stop the docker demo network (whichever phase it runs) and delete its volume.
down:
    COMPOSE_PROFILES=phase1,phase2,phase3 docker compose -p hotshot-ts down --volumes --remove-orphans

# Run the demo network as local processes with an anvil L1 (same as npm run demo); e.g. just demo-native --phase 3 --duration 60.
demo-native *args:
    npm run demo -- {{args}}

# Deploy HotShot.sol and the rollup to an L1 with a running network's stake table; the key comes from DEPLOY_L1_KEY.
deploy l1="http://127.0.0.1:8545" sequencer="http://127.0.0.1:50001" out="deployment.json" namespace="1":
    npx hotshot-demo deploy --l1-url {{l1}} --sequencer-url {{sequencer}} --namespace {{namespace}} --out {{out}}

# Write docker-compose.yaml from the demo's service definitions.
demo-compose:
    npm run demo:compose

# Run every benchmark; each prints JSON lines.
bench:
    npm run bench:crypto
    npm run bench:consensus
    npm run bench:cdn
    npm run bench:gas
