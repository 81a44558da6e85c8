package io.clientsync.bench.jmh;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What Camel's own machinery costs a change, without the work in the steps: a page of 500 changes split over a pool
 * of 8 threads (as a vendor's page route does), either to one empty step ({@code splitOnly}) or through the shape of
 * a delivery ({@code deliveryShape}: the error-handled route with its defensive copy and retry rule, the delivery
 * route's properties, filters and choice, the call route's throttle, headers and body, three direct hops), each bean
 * of the real routes stood in for by an empty processor. Per change.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBench {
    private static final int PAGE = 500;

    CamelContext camel;
    ProducerTemplate template;
    ExecutorService pool;
    List<Integer> page;

    @Setup
    public void setup() throws Exception {
        pool = Executors.newFixedThreadPool(8);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:split-only").split(body()).parallelProcessing().executorService(pool).streaming()
                        .process(e -> { }).end();

                from("direct:page").split(body()).parallelProcessing().executorService(pool).streaming()
                        .to("direct:deliver").end();
                from("direct:deliver").errorHandler(deadLetterChannel("direct:dead").maximumRedeliveries(0))
                        .onException(java.io.IOException.class).retryWhile(constant(false)).end()
                        .to("direct:delivery");
                from("direct:delivery")
                        .setProperty("clientSyncVendor", constant("fatora"))
                        .setProperty("clientSyncDeletes", constant("false"))
                        .process(e -> e.setProperty("clientSyncVendorId", "42")) // deliveryGate.open
                        .filter(simple("${exchangeProperty.clientSyncSkip} == null"))
                            .process(e -> e.setProperty("clientSyncPayload", "{\"name\":\"x\"}")) // map
                            .process(e -> { }) // compare
                        .end()
                        .choice()
                            .when(simple("${exchangeProperty.clientSyncSkip} != null")).process(e -> { })
                            .when(simple("false")).process(e -> { })
                        .end()
                        .filter(simple("${exchangeProperty.clientSyncEnded} == null"))
                            .to("direct:call")
                            .process(e -> { }) // delivered
                        .end();
                from("direct:call")
                        .process(e -> { }) // attempt
                        .throttle(constant(100_000)).timePeriodMillis(1000).totalRequestsMode()
                        .removeHeaders("*")
                        .process(e -> e.getIn().setHeader("Authorization", "Bearer t")) // auth
                        .setHeader("CamelHttpMethod", constant("PUT"))
                        .setHeader("Content-Type", constant("application/json"))
                        .setHeader("Accept", constant("application/json"))
                        .setBody(simple("${exchangeProperty.clientSyncPayload}"))
                        .setHeader("CamelHttpPath", simple("/clients/${exchangeProperty.clientSyncVendorId}"))
                        .process(e -> e.getMessage().setHeader("CamelHttpResponseCode", 200)) // the HTTP call
                        .process(e -> { }); // answer
                from("direct:dead").process(e -> { });
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
        page = new ArrayList<>(PAGE);
        for (int i = 0; i < PAGE; i++) {
            page.add(i);
        }
    }

    @TearDown
    public void tearDown() {
        camel.stop();
        pool.shutdown();
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public Object splitOnly() {
        return template.requestBody("direct:split-only", page);
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public Object deliveryShape() {
        return template.requestBody("direct:page", page);
    }
}
