package io.clientsync.reliability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;

/**
 * The benchmark's isolation and outage cases (issue 15): IsolationTest's two cases, each run {@code runs=N} times
 * in this JVM after one unmeasured warm-up run, every outcome checked as the test checks it. Prints one
 * {@code RESULT} line of JSON for BenchRunner; the test's 1.5x bound is judged there, on the medians.
 */
public final class IsolationBench {
    private IsolationBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        for (String arg : args) {
            if (arg.startsWith("runs=")) {
                runs = Integer.parseInt(arg.substring(5));
            }
        }
        IsolationTest.warmUp();
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode isolation = out.putArray("isolation");
        ArrayNode outage = out.putArray("outage");
        for (int r = 0; r < runs; r++) {
            IsolationTest.IsolationResult i = IsolationTest.isolationCase();
            System.out.println(i.line());
            isolation.addObject().put("alone", i.aloneMillis()).put("with", i.bothMillis()).put("run", i.runMillis())
                    .put("ratio", i.ratio()).put("bound", IsolationTest.bound(i.aloneMillis()))
                    .put("paymoRequests", i.paymoRequests()).put("paymo429s", i.paymo429s())
                    .put("line", i.line());
            IsolationTest.OutageResult o = IsolationTest.outageCase();
            System.out.println(o.line());
            outage.addObject().put("alone", o.aloneMillis()).put("with", o.outageMillis())
                    .put("run", o.outageRunMillis()).put("ratio", o.ratio())
                    .put("bound", IsolationTest.bound(o.aloneMillis())).put("waiting", o.waiting())
                    .put("recovery", o.recoveryMillis()).put("fatoraCalls", o.fatoraCalls())
                    .put("fatoraEligible", o.fatoraEligible()).put("line", o.line());
        }
        System.out.println("RESULT " + Json.MAPPER.writeValueAsString(out));
        System.exit(0);
    }
}
