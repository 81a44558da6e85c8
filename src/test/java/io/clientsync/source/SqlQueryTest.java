package io.clientsync.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The named parameter :cursor becomes ?, once per use; quoted text, comments and ::casts are left alone. */
class SqlQueryTest {
    @Test
    void eachUseOfCursorIsOneParameter() {
        SqlQuery q = SqlQuery.parse("select * from t where (:cursor is null or changed > :CURSOR) order by changed");
        assertThat(q.jdbc()).isEqualTo("select * from t where (? is null or changed > ?) order by changed");
        assertThat(q.cursors()).isEqualTo(2);
    }

    @Test
    void quotedTextCommentsCastsAndLongerNamesAreNotTheParameter() {
        SqlQuery q = SqlQuery.parse("select ':cursor' as a, \":cursor\" as b, payload::text, :cursors, "
                + "x -- :cursor\n/* :cursor */ from t where changed > :cursor::timestamp");
        assertThat(q.cursors()).isEqualTo(1);
        assertThat(q.jdbc()).isEqualTo("select ':cursor' as a, \":cursor\" as b, payload::text, :cursors, "
                + "x -- :cursor\n/* :cursor */ from t where changed > ?::timestamp");
    }

    @Test
    void aSnapshotQueryHasNone() {
        assertThat(SqlQuery.parse("select id, name from clients").hasCursor()).isFalse();
    }
}
