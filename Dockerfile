# syntax=docker/dockerfile:1
# One image for every sleepdelta service. docker-compose.yml runs it with `command: [ingest]`, `[streams]`,
# `[sink]` or `[simulate, ...]`: the arguments of `java -jar cli/target/sleepdelta.jar`, as ./sleepdelta takes them.
# Configuration comes from SLEEPDELTA_* environment variables (docs/configuration.md).

# ---- build: the same command as ./sleepdelta uses, tests skipped (CI runs them) ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps Maven (fetched by the wrapper) and the dependencies between builds; it needs BuildKit,
# which `docker compose build` uses by default.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -DskipErrorProne package
# The embedded PostgreSQL binaries (about 75 MB) serve only `demo` outside Docker; compose runs a real server.
RUN rm -f cli/target/lib/embedded-postgres-binaries-*.jar

# ---- runtime ----
FROM eclipse-temurin:17-jre
# curl for the compose healthchecks (GET /health/ready).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin sleepdelta \
 && mkdir -p /var/lib/sleepdelta/streams \
 && chown -R sleepdelta /var/lib/sleepdelta
WORKDIR /app
# The jar finds its dependencies through its manifest's Class-Path: lib/ must sit next to it. broker-lib/ (Kafka's
# broker, Scala, log4j: only `demo` and `replay` start a broker) stays out: compose runs a real broker.
COPY --from=build /src/cli/target/sleepdelta.jar cli/target/sleepdelta.jar
COPY --from=build /src/cli/target/lib/ cli/target/lib/
USER sleepdelta
# ingest HTTP (and its /metrics), streams metrics-port, sink metrics-port
EXPOSE 8080 8081 8082
# Each service serves GET /health/ready on its own port; compose (or the orchestrator) sets SLEEPDELTA_HEALTH_URL
# per service, and the default fits ingest.
ENV SLEEPDELTA_HEALTH_URL=http://127.0.0.1:8080/health/ready
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 \
  CMD curl -fsS -o /dev/null "$SLEEPDELTA_HEALTH_URL" || exit 1
# A JVM that ran out of memory is in an unknown state: exit so the orchestrator restarts it, rather than limp on.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "cli/target/sleepdelta.jar"]
CMD ["--help"]
