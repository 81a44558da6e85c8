package io.clientsync.config;

import io.clientsync.delivery.VendorModule;
import io.clientsync.delivery.VendorModules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19: a vendor's settings are declared once ({@link VendorModule#declared()}), and the rest follows from the
 * declaration: start-up's checks, application.properties (each key set to its default under its one-line
 * description, or a commented line for an override) and the README's table (each key's row). A declared key missing
 * from either file, or described or defaulted differently, fails here with the line to write.
 */
class VendorSettingsDeclaredTest {
    /** Everlytic checks these only for the transport that uses them (rest by default: base-url is checked). */
    private static final Set<String> CHECKED_BY_TRANSPORT = Set.of("vendor.everlytic.xmlrpc-url",
            "vendor.everlytic.xmlrpc-method");

    private static Stream<VendorModule> modules() {
        return VendorModules.ALL.stream();
    }

    @TestFactory
    Stream<DynamicTest> applicationPropertiesHasEveryDeclaredKeyUnderItsDescription() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("application.properties"));
        return modules().flatMap(m -> m.declared().stream()).map(spec -> DynamicTest.dynamicTest(spec.key(), () -> {
            String expected = spec.propertiesLines();
            String keyLine = expected.substring(expected.indexOf('\n') + 1);
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (spec.kind() == SettingSpec.Kind.OVERRIDE ? l.startsWith("#" + spec.key() + "=")
                        : l.startsWith(spec.key() + "=")) {
                    at = i;
                }
            }
            assertThat(at).as("application.properties has no line for %s; write:%n%s", spec.key(), expected)
                    .isGreaterThan(0);
            assertThat(lines.get(at - 1) + "\n" + lines.get(at)).as("application.properties at %s", spec.key())
                    .isEqualTo(expected);
            assertThat(keyLine).isEqualTo(lines.get(at));
        }));
    }

    @TestFactory
    Stream<DynamicTest> readmeHasARowForEveryDeclaredKey() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        return modules().flatMap(m -> m.declared().stream()).map(spec -> DynamicTest.dynamicTest(spec.key(),
                () -> assertThat(readme).as("README.md's row of %s:%n%s", spec.key(), spec.readmeRow())
                        .contains(spec.readmeRow() + "\n")));
    }

    /** Secrets are never written in the file: their key is there, empty, to be set from the environment. */
    @TestFactory
    Stream<DynamicTest> noSecretHasAValueInTheFile() throws IOException {
        Properties file = new Properties();
        file.load(new StringReader(Files.readString(Path.of("application.properties"))));
        return modules().flatMap(m -> m.declared().stream()).filter(SettingSpec::secret)
                .map(spec -> DynamicTest.dynamicTest(spec.key(),
                        () -> assertThat(file.getProperty(spec.key())).as(spec.key()).isEmpty()));
    }

    /**
     * Start-up checks follow the declaration: with the shipped values (and credentials and loopback URLs) a vendor's
     * settings pass; without a required one, or with a number past its bounds, start-up names that key.
     */
    @TestFactory
    Stream<DynamicTest> validationFollowsTheDeclaration() throws IOException {
        Properties file = new Properties();
        file.load(new StringReader(Files.readString(Path.of("application.properties"))));
        return modules().flatMap(m -> m.declared().stream().map(spec -> DynamicTest.dynamicTest(spec.key(), () -> {
            Map<String, String> good = valid(file, m);
            assertThatCode(() -> m.validate(settings(good))).as(m.id() + " with valid settings")
                    .doesNotThrowAnyException();
            switch (spec.kind()) {
                case URL, SECRET, TEXT -> {
                    if (!CHECKED_BY_TRANSPORT.contains(spec.key())) {
                        Map<String, String> without = new HashMap<>(good);
                        without.remove(spec.key());
                        assertThatThrownBy(() -> m.validate(settings(without))).as("without " + spec.key())
                                .isInstanceOf(ConfigException.class)
                                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(spec.key()));
                    }
                }
                case INTEGER, MILLIS, OVERRIDE -> {
                    Map<String, String> past = new HashMap<>(good);
                    past.put(spec.key(), Long.toString(spec.max() + 1));
                    assertThatThrownBy(() -> m.validate(settings(past))).as(spec.key() + " past its bound")
                            .isInstanceOf(ConfigException.class)
                            .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(spec.key()));
                }
                default -> {
                }
            }
        })));
    }

    /** The shipped values of the vendor's keys, with a credential for each secret and loopback URLs. */
    private static Map<String, String> valid(Properties file, VendorModule m) {
        Map<String, String> values = new HashMap<>();
        for (String key : file.stringPropertyNames()) {
            values.put(key, file.getProperty(key));
        }
        for (SettingSpec spec : m.declared()) {
            switch (spec.kind()) {
                case SECRET -> values.put(spec.key(), "credential-of-" + spec.key());
                case URL -> values.put(spec.key(), "http://127.0.0.1:1/" + m.id());
                case TEXT -> values.merge(spec.key(), "user", (shipped, user) -> shipped.isBlank() ? user : shipped);
                default -> {
                }
            }
        }
        return values;
    }

    private static Settings settings(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }
}
