package io.clientsync.app;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.TypeConverterSupport;

import java.util.Locale;

/**
 * String -> camel-http's HttpMethods, registered once. The routes set {@code CamelHttpMethod} as text; without a
 * direct converter every call missed the registry's cache and walked it by reflection (about 10% of a delivery's
 * CPU in the benchmark's profile).
 */
final class HttpMethodConverter extends TypeConverterSupport {
    @Override
    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
        return type.cast(HttpMethods.valueOf(value.toString().trim().toUpperCase(Locale.ROOT)));
    }
}
