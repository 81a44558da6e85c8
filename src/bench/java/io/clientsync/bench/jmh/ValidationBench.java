package io.clientsync.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.bench.FeedGenerator;
import io.clientsync.change.ChangeValidator;
import io.clientsync.change.FeedPage;
import io.clientsync.change.PageReader;
import io.clientsync.support.Json;
import org.openjdk.jmh.annotations.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Validation per change: a whole feed page read (parse, schema, bind, coalesce), and the schema check alone. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ValidationBench {
    static final int PAGE = 500;
    byte[] page;
    PageReader reader;
    ChangeValidator validator;
    JsonNode change;

    @Setup
    public void setup() throws Exception {
        page = FeedGenerator.page(0, PAGE, 1).getBytes(StandardCharsets.UTF_8);
        validator = new ChangeValidator();
        reader = new PageReader(validator, 16 * 1024 * 1024);
        StringBuilder sb = new StringBuilder();
        FeedGenerator.change(sb, 42, 1);
        change = Json.MAPPER.readTree(sb.toString());
    }

    /** PageReader.read of a 500-change page, per change: JSON parse + schema validation + binding + coalescing. */
    @Benchmark
    @OperationsPerInvocation(PAGE)
    public FeedPage pageReaderPerChange() {
        return reader.read(new ByteArrayInputStream(page));
    }

    /** ChangeValidator.problems on one parsed change: the JSON Schema check alone. */
    @Benchmark
    public Optional<String> schemaValidationOnly() {
        return validator.problems(change);
    }
}
