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

# Run the demo network with docker compose (filled in by the demo issue).
demo:
    @echo "the docker demo is not built yet; see the open demo issue" && exit 1

# Run the demo network as local processes (filled in by the demo issue).
demo-native:
    @echo "the native demo is not built yet; see the open demo issue" && exit 1

# Run every benchmark; each prints JSON lines.
bench:
    npm run bench:crypto
    npm run bench:consensus
    npm run bench:cdn
    npm run bench:gas
