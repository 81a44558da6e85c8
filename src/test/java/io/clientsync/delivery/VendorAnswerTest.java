package io.clientsync.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VendorAnswerTest {
    private final DefaultCamelContext camel = new DefaultCamelContext();

    private Exchange answer(int status, InputStream body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getIn().setBody(body);
        return exchange;
    }

    @Test
    void anAnswerStreamIsReadOnceClosedAndLeftAsTextForLaterSteps() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream body = new ByteArrayInputStream("{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        Exchange exchange = answer(200, body);
        exchange.getIn().setHeader("Retry-After", "7");
        exchange.getIn().setHeader("Content-Length", "20");
        VendorAnswer a = VendorAnswer.of(exchange);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"status\":\"SUCCESS\"}");
        assertThat(a.json().get("status").asText()).isEqualTo("SUCCESS");
        assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(closed).isTrue(); // the connection goes back to the pool
        assertThat(exchange.getIn().getBody()).isEqualTo(a.body());
    }

    @Test
    // A buffer sized from Long.MAX_VALUE once overflowed to an empty one, and the read never ended: a separate
    // thread makes a hang a failure.
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anyContentLengthAVendorAnnouncesStillReadsTheAnswer() {
        for (String announced : new String[] {"0", "1", String.valueOf(Long.MAX_VALUE), String.valueOf(Integer.MAX_VALUE),
                String.valueOf(VendorAnswer.MAX_ANSWER_BYTES - 1), String.valueOf(VendorAnswer.MAX_ANSWER_BYTES)}) {
            Exchange exchange = answer(200, new ByteArrayInputStream("{\"status\":\"SUCCESS\"}"
                    .getBytes(StandardCharsets.UTF_8)));
            exchange.getIn().setHeader("Content-Length", announced);
            assertThat(VendorAnswer.of(exchange).body()).as("Content-Length %s", announced)
                    .isEqualTo("{\"status\":\"SUCCESS\"}");
        }
    }

    @Test
    void aLongAnswerIsCutAtTheBoundWhateverItsContentLengthSays() {
        byte[] big = "x".repeat(VendorAnswer.MAX_ANSWER_BYTES + 5000).getBytes(StandardCharsets.US_ASCII);
        for (String announced : new String[] {null, "100", String.valueOf(big.length)}) {
            Exchange exchange = answer(502, new ByteArrayInputStream(big));
            if (announced != null) {
                exchange.getIn().setHeader("Content-Length", announced);
            }
            assertThat(VendorAnswer.of(exchange).body()).as("Content-Length %s", announced)
                    .hasSize(VendorAnswer.MAX_ANSWER_BYTES);
        }
    }

    @Test
    void theAnswersCharsetIsHonoured() {
        Exchange exchange = answer(200, new ByteArrayInputStream("{\"name\":\"Ærø\"}"
                .getBytes(StandardCharsets.ISO_8859_1)));
        exchange.setProperty(ExchangePropertyKey.CHARSET_NAME, "ISO-8859-1");
        assertThat(VendorAnswer.of(exchange).json().get("name").asText()).isEqualTo("Ærø");
    }

    @Test
    void anAnswerCutOffMidStreamFailsAsAnIoProblemSoItIsRedelivered() {
        InputStream broken = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 10) {
                    return 'a';
                }
                throw new IOException("Premature end of chunk coded message body");
            }
        };
        Exchange exchange = answer(200, broken);
        assertThatThrownBy(() -> VendorAnswer.of(exchange))
                .isInstanceOf(TransientDeliveryException.class)
                .hasMessageContaining("cut off").hasMessageContaining("Premature end");
        assertThat(exchange.getIn().getBody()).isNull(); // the dead-letter route must not read a closed stream
    }

    @Test
    void aBodyThatIsNoStreamIsTakenAsText() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
        exchange.getIn().setBody("{\"message\":\"gone\"}");
        assertThat(VendorAnswer.of(exchange).body()).isEqualTo("{\"message\":\"gone\"}");
        exchange.getIn().setBody(null);
        assertThat(VendorAnswer.of(exchange).body()).isEmpty();
    }
}
