package io.clientsync.testing;

import io.clientsync.support.Secrets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs around every test class of the suite (registered through junit-platform.properties): captures all log
 * output of the class and fails it when any credential, token or portal password that client-sync registered
 * with {@link Secrets} shows up in it.
 */
public final class SecretsLeakGuard implements BeforeAllCallback, AfterAllCallback {
    private static final String NAME = "secrets-leak-guard";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SecretsLeakGuard.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        StringWriter sink = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName(NAME).setTarget(sink)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %c %m %ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        ctx.updateLoggers();
        context.getStore(NS).put("sink", sink);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(NAME);
        ctx.updateLoggers();
        StringWriter sink = context.getStore(NS).get("sink", StringWriter.class);
        String logs = sink.toString();
        for (String secret : Secrets.registered()) {
            List<String> leaks = logs.lines().filter(l -> l.contains(secret)).limit(3).toList();
            assertThat(leaks).as("log lines of %s holding a registered secret", context.getDisplayName()).isEmpty();
        }
    }
}
