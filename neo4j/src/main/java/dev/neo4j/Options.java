package dev.neo4j;

import java.nio.file.Path;

import org.neo4j.configuration.SettingValueParsers;

/** Command-line options; parse errors are IllegalArgumentExceptions with a one-line message. */
record Options(Path dataDir, int boltPort, long pageCache, boolean exitOnStdinClose) {
    static final String DEFAULT_PAGE_CACHE = "128m";
    static final String USAGE = "usage: dev-neo4j.jar --data-dir <dir> --bolt-port <port>"
            + " [--page-cache <size, default " + DEFAULT_PAGE_CACHE + ">] [--exit-on-stdin-close]";

    static Options parse(String[] args) {
        Path dataDir = null;
        Integer boltPort = null;
        long pageCache = bytes(DEFAULT_PAGE_CACHE);
        boolean exitOnStdinClose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg))
                        .toAbsolutePath().normalize();
                case "--bolt-port" -> boltPort = port(value(args, ++i, arg));
                case "--page-cache" -> pageCache = size(value(args, ++i, arg));
                case "--exit-on-stdin-close" -> exitOnStdinClose = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        if (boltPort == null) {
            throw new IllegalArgumentException("--bolt-port is required");
        }
        return new Options(dataDir, boltPort, pageCache, exitOnStdinClose);
    }

    /** Parses a Neo4j byte size such as 128m, 1g or 268435456. */
    static long bytes(String size) {
        return SettingValueParsers.BYTES.parse(size);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("--bolt-port must be 1-65535, got '" + text + "'");
    }

    private static long size(String text) {
        try {
            return bytes(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--page-cache must be a size like 128m or 1g, got '"
                    + text + "'");
        }
    }
}
