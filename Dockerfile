# The four service images, one target each:
#   docker build --target gateway|command-service|query-service|reporting-worker -t inventory/<target> .
# Stages: `build` (npm ci, then tsc emits the services' JavaScript), `deps` (production
# dependencies only), then a small runtime per service: build output + production node_modules,
# non-root, HEALTHCHECK on /health/ready, node as PID 1 so SIGTERM reaches the service's own
# graceful shutdown.
#
# NODE_IMAGE is the base of every stage (official Node 20 by default; scripts/compose-local.sh
# passes one it builds where no image registry is reachable). Behind a TLS-intercepting proxy pass
# its CA bundle as a build secret (never baked into a layer):
#   docker build --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt ...
ARG NODE_IMAGE=node:20-bookworm-slim

# Only the lock file and the workspaces' package.json files, so the installs below stay cached
# until a dependency changes (the copy is redone on every change, its result is not).
FROM ${NODE_IMAGE} AS manifests
COPY . /src
RUN mkdir /out && cd /src && cp package-lock.json /out/ \
 && find . -name node_modules -prune -o -name package.json -print | xargs cp --parents -t /out

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /out/ ./
RUN --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm ci --no-audit --no-fund --ignore-scripts
COPY . .
# What `npm run build` makes for the images: the services' JavaScript (project references pull in
# the libraries they use) and the web console the gateway serves; then /runtime, what the images
# run (root package.json, each runtime workspace's manifest and dist/, the Avro schemas, the
# console's static files), without tests and type declarations.
RUN npx tsc -b command-service query-service reporting-worker gateway \
 && npm run build -w @inventory/console \
 && mkdir /runtime && cp package.json /runtime/ && cp -r --parents contracts/avro console/dist /runtime \
 && for workspace in contracts libs/platform libs/projection command-service query-service reporting-worker gateway; do \
      cp -r --parents "$workspace/package.json" "$workspace/dist" /runtime; done \
 && find /runtime -path '*/dist/*' \( -name '*.test.*' -o -name '*.d.ts' -o -name '*.d.ts.map' \) -type f -delete

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /out/ ./
RUN --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm ci --no-audit --no-fund --ignore-scripts --omit=dev --include-workspace-root=false \
      --workspace command-service --workspace query-service --workspace reporting-worker --workspace gateway

# Shared by the four targets below, which only name their port and folder.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production GATEWAY_HOST=0.0.0.0 INTERNAL_HOST=0.0.0.0
WORKDIR /app
# The whole install, not only node_modules/: npm nests a version that clashes with a hoisted one
# under the workspace that needs it (command-service/node_modules/ajv is ajv 8).
COPY --from=deps /app ./
COPY --from=build /runtime ./
COPY infra/docker/healthcheck.mjs /app/healthcheck.mjs
# Extra CA bundles (deploy.yml puts Amazon's RDS bundle here for DocumentDB: tlsCAFile=/etc/ssl/certs/extra/rds-global-bundle.pem).
COPY infra/docker/ca-bundles /etc/ssl/certs/extra
# Root owns the files; the service runs as an unprivileged user that can only read them.
USER 10001:10001
STOPSIGNAL SIGTERM
# HEALTH_PORT_VARIABLE names the service's port setting (each target sets both).
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=6 CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "dist/main.js"]

FROM runtime AS command-service
ENV COMMAND_SERVICE_PORT=8101 HEALTH_PORT_VARIABLE=COMMAND_SERVICE_PORT
EXPOSE 8101
WORKDIR /app/command-service

FROM runtime AS query-service
ENV QUERY_SERVICE_PORT=8102 HEALTH_PORT_VARIABLE=QUERY_SERVICE_PORT
EXPOSE 8102
WORKDIR /app/query-service

FROM runtime AS reporting-worker
ENV REPORTING_WORKER_PORT=8103 HEALTH_PORT_VARIABLE=REPORTING_WORKER_PORT
EXPOSE 8103
WORKDIR /app/reporting-worker

FROM runtime AS gateway
ENV GATEWAY_PORT=8080 HEALTH_PORT_VARIABLE=GATEWAY_PORT CONSOLE_DIR=/app/console/dist
EXPOSE 8080
WORKDIR /app/gateway
