package io.clientsync.source;

/** The SQL source's cases over an H2 source table. */
class SqlSourceH2Test extends SqlSourceCases {
    @Override
    SourceTable table() {
        return SourceTable.inH2();
    }
}
