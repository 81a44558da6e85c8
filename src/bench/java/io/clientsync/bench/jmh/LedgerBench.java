package io.clientsync.bench.jmh;

import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.state.StateStore;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The ledger per change on an H2 file store holding 20,000 clients: Ledger.load of a 500-client page (one query
 * per 500 ids) and Ledger.save of 500 rows (one batched MERGE in one transaction), as a page open and settle do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LedgerBench {
    static final int PAGE = 500;
    static final int CLIENTS = 20_000;
    static final String PAYLOAD = "{\"name\":\"Client 1 ApS\",\"email\":\"billing@client1.example\","
            + "\"phone\":\"+45 70 10000001\",\"address\":\"Vestergade 2, Aarhus, 8000, DK\","
            + "\"notes\":\"Key account 1, invoices monthly\"}";
    StateStore store;
    Ledger ledger;
    long version = 1;
    int page;

    @Setup
    public void setup() {
        Path file = Path.of("target", "bench", "jmh-ledger-" + UUID.randomUUID()).toAbsolutePath();
        store = new StateStore("jdbc:h2:file:" + file, "", "", 4);
        ledger = new Ledger(store);
        for (int from = 0; from < CLIENTS; from += PAGE) {
            ledger.save(entries(from, 1));
        }

    }

    @TearDown
    public void close() {
        store.close();
    }

    static List<String> ids(int from) {
        List<String> ids = new ArrayList<>(PAGE);
        for (int i = from; i < from + PAGE; i++) {
            ids.add("client-" + i);
        }
        return ids;
    }

    static List<LedgerEntry> entries(int from, long version) {
        List<LedgerEntry> e = new ArrayList<>(PAGE);
        for (int i = from; i < from + PAGE; i++) {
            e.add(new LedgerEntry("fatora", "client-" + i, version, PAYLOAD));
        }
        return e;
    }

    private int nextPage() {
        page = (page + PAGE) % CLIENTS;
        return page;
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public Object loadPerChange() {
        return ledger.load(List.of("fatora"), ids(nextPage()));
    }

    /**
     * The query proposed for Ledger.load on H2 (docs/BENCHMARKS-analysis.md): the page's ids as a table joined on the
     * primary key, so H2 looks each id up in the index instead of scanning every row of the vendor against an IN list.
     */
    @Benchmark
    @OperationsPerInvocation(PAGE)
    public Object loadPerChangeProposedJoin() throws java.sql.SQLException {
        java.util.Map<String, LedgerEntry> found = new java.util.HashMap<>();
        try (var c = store.connection(); var ps = c.prepareStatement("select l.vendor, l.client_id, l.version, "
                + "l.payload from table(id varchar(64) = ?) t join ledger l on l.client_id = t.id and l.vendor = ?")) {
            ps.setObject(1, ids(nextPage()).toArray(new String[0]));
            ps.setString(2, "fatora");
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(Ledger.key(rs.getString(1), rs.getString(2)),
                            new LedgerEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public void savePerChange() {
        ledger.save(entries(nextPage(), ++version));
    }
}
