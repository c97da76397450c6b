# Stand-in for apicurio/apicurio-registry (same version, the Quarkus app from Maven Central) where
# that image cannot be pulled: reads the same APICURIO_* / QUARKUS_* environment (Quarkus maps
# environment variables to its settings), app in /deployments, runs as uid 185 like the official image.
# Context: the unpacked apicurio-registry-app archive (quarkus-run.jar, lib/, app/, quarkus/).
ARG BASE=inventory-local/jre:21
FROM ${BASE}
RUN useradd --system --uid 185 --home-dir /deployments jboss
COPY --chown=185 . /deployments
USER 185
EXPOSE 8080
CMD ["java", "-Xmx384m", "-XX:+UseSerialGC", "-Dquarkus.http.host=0.0.0.0", "-jar", "/deployments/quarkus-run.jar"]
