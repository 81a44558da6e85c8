package io.clientsync.bench.jmh;

import io.clientsync.bench.FeedGenerator;
import io.clientsync.change.ChangeValidator;
import io.clientsync.change.ClientChange;
import io.clientsync.change.PageReader;
import io.clientsync.state.LedgerEntry;
import io.clientsync.support.Json;
import io.clientsync.connector.fatora.FatoraMapper;
import org.openjdk.jmh.annotations.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Mapping per change: FatoraMapper.map and the payload's JSON (what DeliveryGate.compare writes and compares), for a
 * first delivery and for a client with a last delivered payload (PayloadBuilder parses it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MappingBench {
    ClientChange change;
    LedgerEntry last;
    FatoraMapper mapper = new FatoraMapper();

    @Setup
    public void setup() {
        PageReader reader = new PageReader(new ChangeValidator(), 1 << 20);
        change = reader.read(new ByteArrayInputStream(FeedGenerator.page(41, 1, 1).getBytes(StandardCharsets.UTF_8)))
                .changes().get(0);
        last = new LedgerEntry("fatora", change.id(), 0, Json.write(mapper.map(change, null)));
    }

    @Benchmark
    public String fatoraMapFirstDelivery() {
        return Json.write(mapper.map(change, null));
    }

    @Benchmark
    public boolean fatoraMapAndCompareWithLast() {
        return Json.write(mapper.map(change, last)).equals(last.payload());
    }
}
