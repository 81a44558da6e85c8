package io.clientsync.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;

/**
 * The frame of a vendor's route-kit test: the subclass carries {@code @CamelMainTest}, starts its peers in a
 * {@code @BeforeAll} into {@link #peers}, and gets the context Camel started; the peers close after the class.
 */
public abstract class RouteKitCase {
    protected static RouteKit.Peers peers;

    @Produce
    protected ProducerTemplate template;

    @AfterAll
    protected static void stopPeers() throws Exception {
        if (peers != null) {
            peers.close();
            peers = null;
        }
    }

    protected CamelContext context() {
        return template.getCamelContext();
    }
}
