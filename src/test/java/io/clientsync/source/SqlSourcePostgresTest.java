package io.clientsync.source;

/** The SQL source's cases over a real PostgreSQL source table (and state store). */
class SqlSourcePostgresTest extends SqlSourceCases {
    @Override
    SourceTable table() {
        return SourceTable.inPostgres();
    }
}
