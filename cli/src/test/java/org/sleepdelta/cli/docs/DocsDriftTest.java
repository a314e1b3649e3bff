package org.sleepdelta.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sleepdelta.cli.SleepdeltaCli;
import org.sleepdelta.cli.docs.MarkdownReferences.Reference;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.platform.config.Setting;
import org.sleepdelta.streams.app.StreamsConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The docs say what the code does: every setting, metric, subcommand and option is documented where a reader looks for
 * it, and every file or test class the docs name exists. Each check lists every gap at once, by file and item.
 */
class DocsDriftTest {
    private static final RepositoryTree REPO = RepositoryTree.current();

    /** Each service's settings, as the service itself declares them (what {@code --print-config} lists). */
    private static final List<Service> SERVICES = List.of(
            new Service("ingest", IngestConfiguration.class, IngestConfiguration.ALL),
            new Service("streams", StreamsConfiguration.class, StreamsConfiguration.ALL),
            new Service("sink", SinkConfiguration.class, SinkConfiguration.ALL));

    private record Service(String name, Class<?> declaredBy, List<Setting<?>> settings) {}

    /** How a class declares a service's settings, and how one names a meter of ours (with Micrometer imported). */
    private static final String SETTINGS_DECLARATION = "List<Setting<?>> ALL =";

    private static final Pattern METER_NAME_CONSTANT =
            Pattern.compile("static final String [A-Z_]+ = \"sleepdelta\\.[a-z]+\\.[a-z.]+\";");

    /**
     * The classes that define the services' meters, each naming its meters in constants; loaded by name because some
     * are package-private.
     */
    private static final List<String> METER_CLASSES = List.of(
            "org.sleepdelta.ingest.http.IngestMetrics",
            "org.sleepdelta.ingest.http.ErasureMetrics",
            "org.sleepdelta.ingest.connect.web.WebhookMetrics",
            "org.sleepdelta.ingest.connect.owner.OwnerMetrics",
            "org.sleepdelta.streams.TopologyMetrics",
            "org.sleepdelta.streams.app.StreamsOps",
            "org.sleepdelta.dashboard.sink.SinkMetrics");

    @Test
    void everySettingOfEveryServiceIsInConfigurationMdWithItsDefault() {
        Path doc = Path.of("docs/configuration.md");
        List<String> gaps = new ArrayList<>();
        MarkdownSections md = sections(doc, gaps);
        for (Service service : SERVICES) {
            Optional<MarkdownSections.Section> section = md.find(title -> namesWord(title, service.name()));
            if (section.isEmpty()) {
                gaps.add(
                        doc + ": no heading naming the service '" + service.name() + "', with a table of its settings");
            }
            for (Setting<?> setting : service.settings()) {
                settingGap(doc, service.name(), section, setting).ifPresent(gaps::add);
            }
        }
        assertThat(gaps).as("settings missing from or wrong in the docs").isEmpty();
    }

    /** The section on kafka.* names every prefix, the environment mapping and every property sleepdelta keeps. */
    @Test
    void theKafkaClientSettingsSectionNamesPrefixesAndEveryReservedProperty() {
        Path doc = Path.of("docs/configuration.md");
        List<String> gaps = new ArrayList<>();
        Optional<MarkdownSections.Section> section =
                sections(doc, gaps).find(title -> title.equalsIgnoreCase("Kafka client settings"));
        String body = section.map(MarkdownSections.Section::body).orElse("");
        if (section.isEmpty()) {
            gaps.add(doc + ": no heading 'Kafka client settings'");
        }
        List<String> expected = new ArrayList<>(List.of(
                "`kafka.<property>`",
                "`kafka.producer.<property>`",
                "`kafka.consumer.<property>`",
                "`kafka.admin.<property>`",
                "`kafka.streams.<property>`",
                "`SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG`",
                "`kafka.sasl.jaas.config`"));
        KafkaClientProperties.reservedProperties().keySet().forEach(name -> expected.add("`" + name + "`"));
        for (String text : expected) {
            if (!body.contains(text)) {
                gaps.add(doc + ": 'Kafka client settings' does not name " + text);
            }
        }
        assertThat(gaps).as("Kafka client settings missing from the docs").isEmpty();
    }

    @Test
    void everyExportedMetricIsInMetricsMd() throws Exception {
        Path doc = Path.of("docs/metrics.md");
        Optional<String> text = read(doc);
        Set<String> documented = ExportedMetrics.namesIn(text.orElse(""));
        List<String> gaps = new ArrayList<>();
        if (text.isEmpty()) {
            gaps.add(doc + ": missing");
        }
        for (ExportedMetrics.Meter meter : ExportedMetrics.declaredBy(METER_CLASSES)) {
            if (!meter.isDocumentedIn(documented)) {
                gaps.add(doc + ": no " + meter.prometheusName() + " (meter " + meter.name() + " of "
                        + meter.declaredBy() + "; written as scraped, e.g. with _total or _seconds)");
            }
        }
        Path expected = Path.of("dashboard/prometheus/expected-metrics.txt");
        for (String name : REPO.read(expected).lines().map(String::trim).toList()) {
            if (name.startsWith("sleepdelta_") && !documented.contains(name)) {
                gaps.add(doc + ": no " + name + " (listed in " + expected + ")");
            }
        }
        assertThat(gaps).as("exported metrics missing from the docs").isEmpty();
    }

    /** The two lists above are kept by hand: a new service's settings or meters must not slip past the checks. */
    @Test
    void theChecksReadEveryClassThatDeclaresSettingsOrMeters() {
        List<String> settingsClasses = new ArrayList<>();
        List<String> meterClasses = new ArrayList<>();
        for (Path file : REPO.files()) {
            String path = file.toString().replace('\\', '/');
            if (!path.matches("[^/]+/src/main/java/.+\\.java")) {
                continue;
            }
            String className = path.replaceFirst("^[^/]+/src/main/java/", "")
                    .replaceFirst("\\.java$", "")
                    .replace('/', '.');
            String source = REPO.read(file);
            if (source.contains(SETTINGS_DECLARATION)) {
                settingsClasses.add(className);
            }
            if (source.contains("import io.micrometer")
                    && METER_NAME_CONSTANT.matcher(source).find()) {
                meterClasses.add(className);
            }
        }
        assertThat(settingsClasses)
                .as("classes declaring settings; add each to SERVICES")
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream()
                        .map(service -> service.declaredBy().getName())
                        .toList());
        assertThat(meterClasses)
                .as("classes naming meters; add each to METER_CLASSES")
                .containsExactlyInAnyOrderElementsOf(METER_CLASSES);
    }

    @Test
    void everySubcommandAndOptionIsInCommandsMdUnderItsHeading() {
        Path doc = Path.of("docs/commands.md");
        List<String> gaps = new ArrayList<>();
        MarkdownSections md = sections(doc, gaps);
        for (CommandSpec command : subcommands(SleepdeltaCli.commandLine().getCommandSpec())) {
            String name = command.qualifiedName(" ").replaceFirst("^sleepdelta ", "");
            Optional<MarkdownSections.Section> section =
                    md.find(title -> title.equals(name) || title.matches("(\\./)?sleepdelta " + Pattern.quote(name)));
            if (section.isEmpty()) {
                gaps.add(doc + ": no heading '## " + name + "'");
            }
            for (String option : documentedOptions(command)) {
                if (section.isEmpty() || !mentionsOption(section.get().body(), option)) {
                    gaps.add(doc + ": '## " + name + "' does not name `" + option + "`");
                }
            }
        }
        assertThat(gaps).as("subcommands and options missing from the docs").isEmpty();
    }

    @Test
    void everyFileAndTestClassTheDocsNameExists() {
        MarkdownReferences parser = new MarkdownReferences(REPO.topLevelNames());
        List<String> gaps = new ArrayList<>();
        for (Path file : REPO.files()) {
            String name = file.getFileName().toString();
            boolean markdown = name.endsWith(".md");
            boolean yaml = file.equals(Path.of("docker-compose.yml"))
                    || (file.startsWith("dashboard/prometheus") && name.endsWith(".yml"));
            if (!markdown && !yaml) {
                continue;
            }
            String text = REPO.read(file);
            for (Reference ref : markdown ? parser.inMarkdown(text) : parser.inYaml(text)) {
                if (!exists(file, ref)) {
                    gaps.add(file + ":" + ref.line() + ": " + describe(ref) + " does not exist");
                }
            }
        }
        assertThat(gaps).as("files and test classes named in the docs").isEmpty();
    }

    private static boolean exists(Path document, Reference ref) {
        Path dir = document.getParent() == null ? Path.of("") : document.getParent();
        return switch (ref.kind()) {
            case LINK -> REPO.exists(dir.resolve(decoded(ref.target())));
            case PATH -> REPO.exists(Path.of(ref.target())) || REPO.exists(dir.resolve(ref.target()));
            case FILE_NAME -> REPO.hasFileNamed(ref.target());
            case TEST_CLASS -> REPO.hasFileNamed(ref.target() + ".java");
        };
    }

    private static String describe(Reference ref) {
        return switch (ref.kind()) {
            case LINK -> "link target " + ref.target();
            case PATH -> "path " + ref.target();
            case FILE_NAME -> "file " + ref.target();
            case TEST_CLASS -> "test class " + ref.target() + " (" + ref.target() + ".java)";
        };
    }

    private static String decoded(String target) {
        return java.net.URLDecoder.decode(target.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Optional<String> settingGap(
            Path doc, String service, Optional<MarkdownSections.Section> section, Setting<?> setting) {
        // A namespace (kafka.*) has one row for all its keys; the section on it is checked on its own.
        String key = setting.isNamespace() ? setting.key() + ".*" : setting.key();
        String where = doc + " (" + service + ")";
        Optional<List<String>> row = section.stream()
                .flatMap(s -> s.tableRows().stream())
                .filter(cells -> cells.get(0).replace("`", "").trim().equals(key))
                .findFirst();
        String expectedDefault = setting.defaultValue().orElse(null);
        if (row.isEmpty()) {
            return Optional.of(where + ": no row | `" + key + "` | "
                    + (expectedDefault == null ? "(no default)" : "`" + DefaultValues.portable(expectedDefault) + "`")
                    + " | ... |");
        }
        if (expectedDefault == null) {
            return Optional.empty();
        }
        String cell = row.get().size() > 1 ? row.get().get(1).replace("`", "").trim() : "";
        return DefaultValues.matches(cell, expectedDefault)
                ? Optional.empty()
                : Optional.of(where + ": `" + key + "` has default '" + cell + "', the code's is '"
                        + DefaultValues.portable(expectedDefault) + "'");
    }

    private static List<CommandSpec> subcommands(CommandSpec root) {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandLine sub : root.subcommands().values()) {
            if (!all.contains(sub.getCommandSpec())) {
                all.add(sub.getCommandSpec());
                all.addAll(subcommands(sub.getCommandSpec()));
            }
        }
        return all.stream().distinct().toList();
    }

    /** The options a reader needs: all but hidden ones and the standard --help and --version. */
    private static List<String> documentedOptions(CommandSpec command) {
        return command.options().stream()
                .filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp())
                .map(OptionSpec::longestName)
                .toList();
    }

    /** As a code span that starts with the option: `--x`, `--x <value>`, `--x=...`; `--[no-]x` for negatable ones. */
    private static boolean mentionsOption(String body, String option) {
        String negatable = option.startsWith("--") ? "--\\[no-\\]" + Pattern.quote(option.substring(2)) : "(?!)";
        return Pattern.compile("`(" + Pattern.quote(option) + "|" + negatable + ")(?:[\\s=\\[<][^`]*)?`")
                .matcher(body)
                .find();
    }

    private static boolean namesWord(String title, String word) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])")
                .matcher(title.toLowerCase(Locale.ROOT))
                .find();
    }

    /** A missing document is reported, and read as empty so that every item it should hold is listed too. */
    private static MarkdownSections sections(Path doc, List<String> gaps) {
        Optional<String> text = read(doc);
        if (text.isEmpty()) {
            gaps.add(doc + ": missing");
        }
        return MarkdownSections.of(text.orElse(""));
    }

    private static Optional<String> read(Path doc) {
        return Files.isRegularFile(REPO.root().resolve(doc)) ? Optional.of(REPO.read(doc)) : Optional.empty();
    }
}
