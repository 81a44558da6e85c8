package io.clientsync.source;

import io.clientsync.cli.ClientSyncCommand;
import io.clientsync.cli.ExitCodes;
import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** source.sql.*: each mistake names its key; the command line exits 2 with it; unused, nothing is asked of them. */
class SqlSettingsTest {
    private static final Map<String, String> GOOD = Map.of(
            "source.sql.url", "jdbc:h2:mem:settings",
            "source.sql.query", "SELECT id, version, name FROM t WHERE changed > COALESCE(:cursor, 0) ORDER BY changed",
            "source.sql.cursor-column", "changed",
            "sync.page-size", "100");

    private static SqlSettings settings(Map<String, String> changes) {
        Map<String, String> values = new HashMap<>(GOOD);
        values.putAll(changes);
        values.values().removeIf(v -> v == null || v.isEmpty());
        return SqlSettings.of(new Settings(key -> Optional.ofNullable(values.get(key))));
    }

    private static void refused(Map<String, String> changes, String key, String problem) {
        assertThatThrownBy(() -> settings(changes)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageContaining(problem);
    }

    @Test
    void goodSettingsReadAsTheyAre() {
        SqlSettings s = settings(Map.of("source.sql.password", "reader-secret-1"));
        assertThat(s.mode()).isEqualTo(SqlSettings.Mode.INCREMENTAL);
        assertThat(s.fetchSize()).isEqualTo(500);
        assertThat(s.query().cursors()).isEqualTo(1);
        assertThat(s.toString()).doesNotContain("reader-secret-1");
        SqlSettings snapshot = settings(Map.of("source.sql.mode", "snapshot", "source.sql.query", "select * from t",
                "source.sql.cursor-column", ""));
        assertThat(snapshot.cursorColumn()).isNull();
    }

    @Test
    void eachMistakeNamesItsKey() {
        refused(Map.of("source.sql.url", ""), "source.sql.url", "is required");
        refused(Map.of("source.sql.url", "postgresql://db/crm"), "source.sql.url", "must be a JDBC URL");
        refused(Map.of("source.sql.url", "jdbc:oracle:thin:@db:1521/crm"), "source.sql.url", "no JDBC driver");
        refused(Map.of("source.sql.url", "jdbc:postgresql://db/crm?user=r&password=x"), "source.sql.url",
                "must not hold the password");
        refused(Map.of("source.sql.mode", "sideways"), "source.sql.mode", "incremental or snapshot");
        refused(Map.of("source.sql.query", ""), "source.sql.query", "is required");
        refused(Map.of("source.sql.query", "delete from t"), "source.sql.query", "must be a SELECT");
        refused(Map.of("source.sql.query", "select * from t order by changed"), "source.sql.query", ":cursor");
        refused(Map.of("source.sql.mode", "snapshot"), "source.sql.query", "takes no :cursor");
        refused(Map.of("source.sql.cursor-column", ""), "source.sql.cursor-column", "is required");
        refused(Map.of("source.sql.cursor-column", "changed; drop table t"), "source.sql.cursor-column",
                "must be a column name");
        refused(Map.of("source.sql.fetch-size", "0"), "source.sql.fetch-size", "between 1 and 100000");
    }

    @Test
    void theCommandLineExitsTwoNamingTheKeyOnlyWhenTheSqlSourceIsUsed() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = ClientSyncCommand.execute(new String[] {"--once", "-Dstate.url=" + SyncTestApp.memoryStore(),
                    "-Dsource.kinds=sql", "-Dsource.sql.url=jdbc:h2:mem:x", "-Dsource.sql.mode=sideways"});
        } finally {
            System.setErr(before);
        }
        assertThat(exit).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("source.sql.mode").contains("sideways");
        // the feed alone: the SQL settings are not looked at (application.properties leaves them unset)
        assertThat(SourceKinds.enabled(new Settings(k -> Optional.empty()))).doesNotContain("sql");
    }
}
