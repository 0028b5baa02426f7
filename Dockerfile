# One image for every service of the demo network; docker-compose.yaml picks the binary (the same commands the
# native demo runs: apps/demo/src/demo-services.ts).
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 compiles SQLite from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY bin ./bin
COPY apps ./apps
COPY libs ./libs
COPY nest-cli.json tsconfig.json tsconfig.build.json .swcrc ./
# npm ci builds dist/ through the prepare script; npm link puts cdn-server, sequencer, hotshot-poster,
# zkevm-adaptor, zkevm-node and hotshot-demo on PATH, and node_modules/.bin adds anvil (from @foundry-rs/anvil).
RUN npm ci --no-audit --no-fund && npm link
ENV PATH=/app/node_modules/.bin:$PATH
# Services keep their data under the shared volume mounted here; relative paths in the commands resolve against it.
WORKDIR /data
ENTRYPOINT []
