package io.clientsync.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;
import java.util.UUID;

/** The log lines written while it is open, at the levels the loggers are set to (production's log4j2.xml). */
public final class LogCapture implements AutoCloseable {
    private final String name = "capture-" + UUID.randomUUID();
    private final StringWriter sink = new StringWriter();

    public LogCapture() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName(name).setTarget(sink)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %c %m %ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        ctx.updateLoggers();
    }

    public String text() {
        synchronized (sink) {
            return sink.toString();
        }
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(name);
        ctx.updateLoggers();
    }
}
