package dev.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.locker.FileLockException;
import org.neo4j.kernel.internal.Version;

import sun.misc.Signal;

/**
 * Runs Neo4j Community embedded with APOC core as the bundled development database:
 * Bolt on loopback only, no TLS, no authentication.
 */
public final class DevNeo4j {
    private static final String VERSION = Version.getNeo4jVersion();

    private final Options options;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private DatabaseManagementService dbms;
    private boolean stopped;

    private DevNeo4j(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dev-neo4j: " + e.getMessage() + " (" + Options.USAGE + ")");
            System.exit(2);
            return;
        }
        System.exit(new DevNeo4j(options).run());
    }

    private int run() {
        if (!portIsFree(options.boltPort())) {
            // Neo4j binds Bolt only after starting both databases; fail fast instead.
            System.err.println("dev-neo4j: " + portInUse());
            return 1;
        }
        // Handle TERM/INT ourselves so that a requested stop exits 0 rather than 128+signal.
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        // Backstop for any other JVM exit (e.g. SIGHUP): never leave the store unclean.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "dev-neo4j-shutdown"));
        if (options.exitOnStdinClose()) {
            watchStdin();
        }

        System.out.println("Starting Neo4j " + VERSION + " (store: " + options.dataDir() + ") ...");
        try {
            start();
        } catch (Exception e) {
            System.err.println("dev-neo4j: failed to start Neo4j: " + describe(e));
            return 1;
        }
        if (stopRequested.getCount() > 0) {
            String url = "bolt://127.0.0.1:" + options.boltPort();
            System.out.println("Neo4j " + VERSION + " ready at " + url);
            System.out.flush();
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stop() ? 0 : 1;
    }

    private void start() throws IOException {
        Path home = options.dataDir();
        Files.createDirectories(home);
        DatabaseManagementService started = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address,
                        new SocketAddress("127.0.0.1", options.boltPort()))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Netty's default 5 s quiet period, twice, makes even an idle stop take 10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                // Open transactions are rolled back on stop anyway; don't wait 10 s for them.
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout,
                        Duration.ofSeconds(2))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCache())
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        Options.bytes("256m"))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, Options.bytes("128m"))
                // A dev store should not reserve 256 MiB of disk per transaction log up front.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Neo4j finds procedures only in plugin_dir jars, never on the classpath.
                .setConfig(GraphDatabaseSettings.plugin_dir, pluginDir())
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of("apoc.*"))
                .build();
        synchronized (this) {
            dbms = started;
        }
    }

    /**
     * Synchronized so that a shutdown hook arriving mid-stop waits for the stop to finish
     * instead of letting the JVM halt under it.
     */
    private synchronized boolean stop() {
        if (dbms == null || stopped) {
            return true;
        }
        stopped = true;
        try {
            dbms.shutdown();
        } catch (RuntimeException e) {
            System.err.println("dev-neo4j: error while stopping Neo4j: " + describe(e));
            return false;
        }
        System.out.println("Neo4j stopped");
        System.out.flush();
        return true;
    }

    /** So that the database dies with its parent even if the parent is SIGKILLed. */
    private void watchStdin() {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // Input is ignored; only end-of-file matters.
                }
            } catch (IOException e) {
                // A broken stdin means the parent is gone as well.
            }
            stopRequested.countDown();
        }, "dev-neo4j-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** target/plugins next to this jar, which holds only the APOC jars. */
    private static Path pluginDir() {
        try {
            var jar = DevNeo4j.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            return Path.of(jar).toAbsolutePath().getParent().resolve("plugins");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate dev-neo4j.jar", e);
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String portInUse() {
        return "Bolt port 127.0.0.1:" + options.boltPort() + " is already in use";
    }

    /** One line naming the root cause, for the Node launcher to show as is. */
    private String describe(Throwable error) {
        Throwable root = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof BindException) {
                return portInUse();
            }
            if (t instanceof FileLockException) {
                return "store " + options.dataDir() + " is locked (is another Neo4j using it?)";
            }
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return (root.getClass().getSimpleName() + message).replaceAll("\\s+", " ");
    }
}
