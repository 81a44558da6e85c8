package io.clientsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads rows for a list of ids in one query per chunk of ids, bound as one array: {@code = any(?)} on PostgreSQL,
 * a {@code table(id varchar(..) = ?)} join on H2. A query per id was a round trip per change.
 */
final class IdChunks {
    static final int CHUNK = 500;

    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private IdChunks() {
    }

    /** The ids are the first parameter; {@code more} are bound after them, the same for every chunk. */
    static void query(Connection c, StateStore.Dialect dialect, List<String> ids, String postgresSql, String h2Sql,
                      RowReader reader, Object... more) throws SQLException {
        boolean postgres = dialect == StateStore.Dialect.POSTGRES;
        try (PreparedStatement ps = c.prepareStatement(postgres ? postgresSql : h2Sql)) {
            for (int i = 0; i < more.length; i++) {
                ps.setObject(i + 2, more[i]);
            }
            for (int from = 0; from < ids.size(); from += CHUNK) {
                String[] chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray(new String[0]);
                if (postgres) {
                    ps.setArray(1, c.createArrayOf("varchar", chunk));
                } else {
                    ps.setObject(1, chunk);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }
}
