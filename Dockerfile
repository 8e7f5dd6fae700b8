# syntax=docker/dockerfile:1
#
# One image recipe for every Node process of panda2zoho: the five pipeline services and the Zoho CRM
# emulator. SERVICE picks which one runs:
#   docker build --build-arg SERVICE=normalizer -t panda2zoho/normalizer .
# docker-compose.yml builds each service this way. The layers before the SERVICE step are the same for
# all of them, so the six images share their cache.
#
# TypeScript runs through tsx's loader (`node --import tsx`), exactly as the CLI runs the services
# natively (packages/cli/src/pipeline-services.ts). There is no compile step and no dist/. tsx is a
# runtime dependency of packages/cli.
#
# UNVERIFIED: never built here (no Docker engine on this machine). Checked outside Docker instead:
# - `npm ci --omit=dev` on exactly the manifests copied below keeps tsx and builds better-sqlite3. That
#   ran with npm 11. The image ships npm 10, which is unverified.
# - the main.ts symlink and the HEALTHCHECK one-liner, with a service running against the native stack.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------------
# deps: production node_modules. Compilers live here only.
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps

# better-sqlite3 (the emulator's SQLite) is a native addon. Its install script first tries a prebuilt
# binary, then compiles with node-gyp, which needs python3, make and g++. They stay in this stage: the
# runtime image gets only the compiled .node file.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Manifests first, so `npm ci` is re-run only when dependencies change, not on every source edit.
# Every workspace must be listed: npm ci refuses to run when package-lock.json names a workspace whose
# package.json is missing. So a new workspace breaks the build loudly until it is added here.
COPY package.json package-lock.json ./
COPY packages/cli/package.json packages/cli/
# npm links the CLI's `panda2zoho` bin into node_modules/.bin, so its target must exist at install time.
COPY packages/cli/bin/ packages/cli/bin/
COPY packages/config/package.json packages/config/
COPY packages/events/package.json packages/events/
COPY packages/kafka/package.json packages/kafka/
COPY packages/local-stack/package.json packages/local-stack/
COPY packages/mapping/package.json packages/mapping/
COPY packages/observability/package.json packages/observability/
COPY packages/panda-model/package.json packages/panda-model/
COPY packages/synthetic-practice/package.json packages/synthetic-practice/
COPY packages/zoho/package.json packages/zoho/
COPY services/control/package.json services/control/
COPY services/deduper/package.json services/deduper/
COPY services/extractor/package.json services/extractor/
COPY services/normalizer/package.json services/normalizer/
COPY services/reconciler/package.json services/reconciler/
COPY services/zoho-emulator/package.json services/zoho-emulator/
COPY services/zoho-writer/package.json services/zoho-writer/
COPY integration-tests/package.json integration-tests/

# --omit=dev drops typescript and @types/*, which are only needed to type-check. It keeps tsx, a
# regular dependency of packages/cli that the root package.json depends on. The npm cache is a BuildKit
# cache mount, so it speeds up rebuilds without ending up in a layer.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------
# runtime: node_modules + sources, run as the unprivileged `node` user.
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

# HTTP_HOST: services default to 127.0.0.1 (packages/config/src/common-env.ts). In a container, the
# ops listener (/healthz /readyz /metrics) must be reachable from outside: published ports and, later,
# a metrics scraper. Every container has its own network namespace, so one fixed port suits all.
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080

WORKDIR /app

# All of /app from deps: node_modules, including the workspace symlinks node_modules/@panda2zoho/* ->
# ../../packages|services/*, plus any nested node_modules that npm put in a workspace.
COPY --from=deps /app ./
# Sources. tsx runs them as they are. schemas/ is read at run time (packages/events/src/schema-files.ts).
# .dockerignore keeps tests, state and secrets out.
COPY tsconfig.json ./
COPY schemas/ schemas/
COPY packages/ packages/
COPY services/ services/

# Writable state for the emulator's SQLite file. A named volume mounted here inherits this ownership.
RUN mkdir -p /var/lib/p2z && chown node:node /var/lib/p2z

# The service to run, selected as late as possible so that every layer above is shared by all images.
# CMD cannot expand build args, so /app/main.ts becomes a symlink to services/$SERVICE/src/main.ts.
# Node resolves the entry point to its real path, so main.ts's relative imports work unchanged. The
# test fails the build on a missing or misspelt SERVICE.
ARG SERVICE
RUN test -n "$SERVICE" \
 && test -f "services/$SERVICE/src/main.ts" \
 && ln -s "services/$SERVICE/src/main.ts" main.ts
LABEL org.opencontainers.image.title="panda2zoho-${SERVICE}"

USER node
EXPOSE 8080

# Liveness of a pipeline service: its /healthz on HTTP_PORT. Node's own fetch, because the slim image
# has no curl. The port is read from the environment so that overriding HTTP_PORT keeps the check
# right. The emulator has no /healthz: docker-compose.yml replaces this check for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

ENTRYPOINT ["node", "--import", "tsx"]
CMD ["main.ts"]
