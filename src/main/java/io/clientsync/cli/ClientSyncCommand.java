package io.clientsync.cli;

import io.clientsync.app.ClientSyncApp;
import io.clientsync.config.ConfigException;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.SyncBusyException;
import io.clientsync.pipeline.SyncRunner;
import io.clientsync.sandbox.Sandbox;
import io.clientsync.support.Secrets;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** The command line of DESIGN.md section 3. */
@Command(name = "client-sync", mixinStandardHelpOptions = true,
        description = "Syncs client records from the system of record into the enabled vendors.",
        subcommands = {DeadLettersCommand.class, ReplayCommand.class, StatusCommand.class, HoldCommand.Pause.class,
                HoldCommand.Resume.class, ConsoleCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every change delivered or skipped", "1:the run could not finish",
                "2:configuration error", "3:finished, this run dead-lettered some changes",
                "4:finished, but a vendor is down: its changes wait in the inbox (4 wins over 3)"})
public final class ClientSyncCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--once", description = "one full sync (every page), then exit")
    boolean once;

    @Option(names = "--dry-run", description = "map and diff, print what would be sent, send nothing")
    boolean dryRun;

    PrintStream out = System.out;
    PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ClientSyncCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println("client-sync: " + Secrets.redact(SyncRunner.rootMessage(e)));
            return ExitCodes.RUN_FAILED;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            System.err.println("client-sync: " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return ExitCodes.CONFIG;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = new HashMap<>();
        if (dryRun) {
            overrides.put("sync.dry-run", "true");
        }
        try (Sandbox sandbox = common.sandbox ? Sandbox.start(true) : null) {
            if (common.source != null && sandbox == null) {
                throw new ConfigException("--source", "is for the sandbox: give --sandbox too, or set source.kinds");
            }
            if (sandbox != null) {
                overrides.putAll(sandbox.settings());
                if (common.source != null) {
                    overrides.putAll(sandbox.source(common.source));
                }
                String kind = common.source == null ? "feed" : common.source;
                String where = overrides.containsKey("source.file.dir") ? "files " + overrides.get("source.file.dir")
                        : kind + " " + overrides.getOrDefault("source." + kind + ".url",
                                sandbox.settings().get("source.url"));
                out.println("sandbox: " + where + ", state " + Sandbox.STATE_URL);
            }
            Properties settings = common.settings(overrides);
            if (once || dryRun) {
                return runOnce(settings);
            }
            Main main = ClientSyncApp.createMain(settings, common.routes, true);
            main.run();
            return main.getExitCode();
        } catch (ConfigException e) {
            err.println("client-sync: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (Exception e) {
            return failed(e);
        }
    }

    private int runOnce(Properties settings) {
        try (ClientSyncApp app = ClientSyncApp.startOneOff(settings, common.routes)) {
            RunStats stats;
            try {
                stats = app.runOnce(dryRun ? "dry-run" : "once");
            } catch (SyncBusyException e) {
                err.println("client-sync: " + e.getMessage());
                return ExitCodes.RUN_FAILED;
            } catch (RuntimeException e) {
                SyncRunner runner = app.camel().getRegistry().lookupByNameAndType("syncRunner", SyncRunner.class);
                if (runner.last() != null) {
                    out.println(runner.last().summary());
                }
                return failed(e);
            }
            out.println(stats.summary());
            return stats.anyDown() ? ExitCodes.VENDOR_DOWN
                    : stats.deadLettered() > 0 ? ExitCodes.DEAD_LETTERS : ExitCodes.OK;
        } catch (ConfigException e) {
            err.println("client-sync: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (Exception e) {
            ConfigException config = configCause(e);
            if (config != null) {
                err.println("client-sync: " + config.getMessage());
                return ExitCodes.CONFIG;
            }
            return failed(e);
        }
    }

    private int failed(Exception e) {
        ConfigException config = configCause(e);
        if (config != null) {
            err.println("client-sync: " + config.getMessage());
            return ExitCodes.CONFIG;
        }
        err.println("client-sync: run failed: " + Secrets.redact(SyncRunner.rootMessage(e)));
        return ExitCodes.RUN_FAILED;
    }

    /** A command's failure: exit 2 with the setting's own message when a setting caused it, else rethrown. */
    static int configErrorOrThrow(Exception e) throws Exception {
        ConfigException config = configCause(e);
        if (config == null) {
            throw e;
        }
        System.err.println("client-sync: " + config.getMessage());
        return ExitCodes.CONFIG;
    }

    /** Camel wraps what the configuration throws; find the setting's own message. */
    static ConfigException configCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
