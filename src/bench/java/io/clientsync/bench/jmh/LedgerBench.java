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
 * The ledger per change on an H2 file store holding 20,000 clients of five vendors: Ledger.load of a 500-client
 * page (one query per 500 ids and vendor) and Ledger.save of 500 rows (one batched MERGE in one transaction), as a page open and settle do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LedgerBench {
    static final int PAGE = 500;
    static final int CLIENTS = 20_000;
    static final List<String> VENDORS = List.of("fatora", "paymo", "paymo-contacts", "timelog", "everlytic");
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
            for (String vendor : VENDORS) {
                ledger.save(entries(vendor, from, 1));
            }
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

    static List<LedgerEntry> entries(String vendor, int from, long version) {
        List<LedgerEntry> e = new ArrayList<>(PAGE);
        for (int i = from; i < from + PAGE; i++) {
            e.add(new LedgerEntry(vendor, "client-" + i, version, PAYLOAD));
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

    /** A page for all five vendors (per change and vendor): one primary-key query per vendor. */
    @Benchmark
    @OperationsPerInvocation(PAGE * 5)
    public Object loadPerChangeFiveVendors() {
        return ledger.load(VENDORS, ids(nextPage()));
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public void savePerChange() {
        ledger.save(entries("fatora", nextPage(), ++version));
    }
}
