# One image for every service of the demo network; docker-compose.yaml picks the binary (the same commands the
# native demo runs: apps/demo/src/demo-services.ts). Multi-stage: the toolchain and the dev dependencies build
# dist/ and stay behind; the runtime image holds node, the production dependencies, dist/, bin/ and anvil.
ARG NODE_IMAGE=node:22-bookworm-slim

# package.json's dependency fields alone: an edit to its scripts does not reinstall every dependency.
FROM ${NODE_IMAGE} AS manifest
WORKDIR /manifest
COPY package.json package-lock.json ./
RUN node -e "const fs = require('fs'); const p = JSON.parse(fs.readFileSync('package.json', 'utf8')); \
  const keep = ['name', 'version', 'private', 'dependencies', 'devDependencies', 'optionalDependencies', 'overrides']; \
  fs.writeFileSync('package.json', JSON.stringify(Object.fromEntries(keep.filter((k) => k in p).map((k) => [k, p[k]]))));"

# Every dependency, installed from the lockfile alone, so a source change does not reinstall them.
FROM ${NODE_IMAGE} AS deps
# better-sqlite3 compiles SQLite from source (no prebuilt binary can be downloaded here).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=manifest /manifest/ ./
# --ignore-scripts: `prepare` would build dist/ before the sources are here. The one install script the runtime
# needs is better-sqlite3's; native modules with prebuilt packages (@chainsafe/blst-linux-x64-gnu on glibc) need none.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3

# The production dependencies and the anvil binary (the L1 service, and the rollup node's execution engine through
# @hotshot/l1's anvilBinaryPath) from the dev dependency @foundry-rs/anvil's platform package.
FROM deps AS runtime-deps
RUN mkdir /tmp/anvil && mv node_modules/@foundry-rs/anvil-linux-* /tmp/anvil/ \
  && npm prune --omit=dev --no-audit --no-fund --ignore-scripts \
  && mkdir -p node_modules/@foundry-rs && mv /tmp/anvil/* node_modules/@foundry-rs/

# dist/ (swc, type-checked).
FROM deps AS build
COPY package.json nest-cli.json tsconfig.json tsconfig.build.json .swcrc ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

FROM ${NODE_IMAGE}
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
# The binaries on PATH: cdn-server, sequencer, hotshot-poster, zkevm-adaptor, zkevm-node, hotshot-demo (package.json
# "bin", what `npm link` would link) and anvil.
RUN for script in bin/*.js; do ln -s "/app/$script" "/usr/local/bin/$(basename "$script" .js)"; done \
  && ln -s /app/node_modules/@foundry-rs/anvil-linux-*/bin/anvil /usr/local/bin/anvil \
  && anvil --version && sequencer --help >/dev/null
# Services keep their data under the shared volume mounted here; relative paths in the commands resolve against it.
WORKDIR /data
ENTRYPOINT []
