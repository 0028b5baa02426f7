# One image for every app; the compose file picks the binary.
FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY bin ./bin
COPY apps ./apps
COPY libs ./libs
COPY nest-cli.json tsconfig.json tsconfig.build.json .swcrc ./
RUN npm ci --no-audit --no-fund && npm link
ENTRYPOINT []
