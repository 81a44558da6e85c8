package io.clientsync.source;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages of the incremental read and the cursor each one settles, on H2 and PostgreSQL: a run that stops after any
 * page and starts again from that page's cursor reads every row, ties on the change column across the page's end
 * included.
 */
class SqlReadTest {
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRunStoppedAfterAnyPageLosesNoTiedRowWhenItStartsAgainFromThatPagesCursor(String db) throws Exception {
        SourceTable table = db.equals("h2") ? SourceTable.inH2() : SourceTable.inPostgres();
        // seconds: c1 at 1, c2..c5 tied at 2, c6 at 3, c7 c8 tied at 4; pages of 3
        long[] at = {1, 2, 2, 2, 2, 3, 4, 4};
        for (int i = 0; i < at.length; i++) {
            table.put("c" + (i + 1), 1, "Client " + (i + 1), "c" + (i + 1) + "@x.dk", null, 100 + i, at[i]);
        }
        SqlSettings settings = new SqlSettings(table.url(), table.user(), null,
                SqlQuery.parse(SourceTable.INCREMENTAL), SqlSettings.Mode.INCREMENTAL, "updated_at", 2, 3);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(table.url());
            pool.setUsername(table.user());
            pool.setReadOnly(true);

            List<SqlRead.Page> pages = new ArrayList<>();
            try (SqlRead read = SqlRead.open(pool, settings, null)) {
                do {
                    pages.add(read.next());
                } while (pages.get(pages.size() - 1).hasMore());
            }
            assertThat(pages).extracting(p -> p.rows().size()).containsExactly(3, 3, 2);
            // page 1 ends inside the tie at 2: it settles only 1; page 2 ends at 3, page 3 at the last row's 4
            assertThat(pages).extracting(SqlRead.Page::nextCursor).containsExactly("timestamp:2026-01-01T00:00:01",
                    "timestamp:2026-01-01T00:00:03", "timestamp:2026-01-01T00:00:04");

            Set<String> all = Set.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8");
            Set<String> before = new LinkedHashSet<>();
            for (SqlRead.Page stoppedAfter : pages) {
                stoppedAfter.rows().forEach(r -> before.add(r.change().get("id").asText()));
                Set<String> seen = new LinkedHashSet<>(before);
                try (SqlRead again = SqlRead.open(pool, settings, SqlCursor.decode(stoppedAfter.nextCursor()))) {
                    SqlRead.Page p;
                    do {
                        p = again.next();
                        p.rows().forEach(r -> seen.add(r.change().get("id").asText()));
                    } while (p.hasMore());
                }
                assertThat(seen).as("stopped after a page ending with cursor " + stoppedAfter.nextCursor())
                        .isEqualTo(all);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPageThatIsOneTieKeepsTheSavedCursor(String db) throws Exception {
        SourceTable table = db.equals("h2") ? SourceTable.inH2() : SourceTable.inPostgres();
        for (int i = 1; i <= 5; i++) {
            table.put("c" + i, 1, "Client " + i, "c" + i + "@x.dk", null, 100 + i, 7);
        }
        SqlSettings settings = new SqlSettings(table.url(), table.user(), null,
                SqlQuery.parse(SourceTable.INCREMENTAL), SqlSettings.Mode.INCREMENTAL, "updated_at", 100, 2);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(table.url());
            pool.setUsername(table.user());
            try (SqlRead read = SqlRead.open(pool, settings, null)) {
                assertThat(read.next().nextCursor()).as("all tied with the row after: none settled").isNull();
                assertThat(read.next().nextCursor()).isNull();
                SqlRead.Page last = read.next();
                assertThat(last.hasMore()).isFalse();
                assertThat(last.nextCursor()).isEqualTo("timestamp:2026-01-01T00:00:07");
            }
        }
    }
}
