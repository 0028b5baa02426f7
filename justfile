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

# Run the demo network under docker compose (v2) or docker-compose (v1) in the foreground (Ctrl-C stops it); `just demo 2`, `just demo 3` (or DEMO_PHASE) for phase II, III.
demo phase=env_var_or_default("DEMO_PHASE", "1"):
    scripts/demo/compose.sh up "{{phase}}"

# Start the docker demo network in the background; returns once every service is up and healthy.
demo-background phase=env_var_or_default("DEMO_PHASE", "1"):
    scripts/demo/compose.sh up-background "{{phase}}"

# Build the docker demo's image (hotshot-ts:local); `just demo` builds it too.
demo-build:
    scripts/demo/compose.sh build

# Stop the docker demo network (whichever phase runs) and delete its containers, network and volume.
down:
    scripts/demo/compose.sh down

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
