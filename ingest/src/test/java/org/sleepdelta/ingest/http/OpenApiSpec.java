package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * docs/openapi.yaml as a test reads it: its routes, and what it promises for a status of an operation (the JSON
 * Schema of the body, the headers it requires). Schemas are checked as JSON Schema 2020-12, the dialect of OpenAPI
 * 3.1, with the document's {@code components} beside them so that {@code #/components/...} references resolve.
 */
final class OpenApiSpec {
    static final String FILE = "docs/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonNode root;
    private final String text;

    private OpenApiSpec(String text) {
        this.text = text;
        try {
            this.root = YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(FILE + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    static OpenApiSpec load() {
        Path file = repositoryRoot().resolve(FILE);
        try {
            return new OpenApiSpec(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    String text() {
        return text;
    }

    /** Every operation, as {@code METHOD /path/{param}}: the form {@link IngestService#routes()} answers in. */
    Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        root.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return routes;
    }

    /**
     * What is wrong with a real response, measured against the operation's response for its status: missing from
     * the spec, a required header missing, or the JSON body breaking the schema. Empty when it conforms.
     */
    List<String> violations(String method, String path, HttpResponse response) {
        JsonNode operation = root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(FILE + " has no operation " + method + " " + path);
        }
        JsonNode declared = resolve(operation.path("responses").path(Integer.toString(response.status())));
        if (declared.isMissingNode()) {
            return List.of(method + " " + path + " answered " + response.status() + ", which " + FILE
                    + " does not list for it");
        }
        List<String> problems = new ArrayList<>();
        declared.path("headers").fields().forEachRemaining(header -> {
            JsonNode definition = resolve(header.getValue());
            if (definition.path("required").asBoolean(false)
                    && response.header(header.getKey()).isEmpty()) {
                problems.add("header " + header.getKey() + " is required but missing");
            }
        });
        JsonNode schema = declared.path("content").path("application/json").path("schema");
        if (!schema.isMissingNode()) {
            problems.addAll(violationsOf(schema, response.json()));
        }
        return problems;
    }

    /** How a JSON value breaks {@code #/components/schemas/<name>}; empty when it conforms. */
    List<String> violationsOfSchema(String name, JsonNode value) {
        JsonNode schema = root.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            return List.of(FILE + " has no schema " + name);
        }
        return violationsOf(schema, value);
    }

    private List<String> violationsOf(JsonNode schema, JsonNode value) {
        if (value == null) {
            return List.of("the body is not JSON");
        }
        ObjectNode document = ((ObjectNode) schema.deepCopy());
        document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        document.set("components", root.path("components"));
        JsonSchema compiled = SCHEMAS.getSchema(document);
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : compiled.validate(value)) {
            problems.add(message.getMessage());
        }
        return problems;
    }

    /** A {@code $ref} to {@code #/components/...} replaced by what it names; anything else as it is. */
    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = root;
        for (Iterator<String> parts =
                        List.of(ref.asText().replaceFirst("^#/", "").split("/")).iterator();
                parts.hasNext(); ) {
            target = target.path(parts.next());
        }
        return resolve(target);
    }

    /** The directory with mvnw above the module the tests run in. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("ingest"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with mvnw and ingest/) above " + dir);
    }
}
