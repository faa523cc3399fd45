package parlance.launcher;

/**
 * Start levels, so that start and stop happen in a safe order: logging first; then ConfigAdmin and SCR; then boot
 * (which loads etc/*.cfg before any component starts); then libraries, storage and the core; then network
 * listeners; last the hot-deploy watcher, deployed bundles and the console shell. Stopping walks the levels down: listeners close before storage.
 */
public final class StartLevels {
    public static final int LOGGING = 1;
    public static final int RUNTIME = 2;
    public static final int BOOT = 3;
    public static final int CORE = 4;
    public static final int LISTENERS = 5;
    public static final int DEPLOYED = 6;
    public static final int BEGINNING = DEPLOYED;

    private StartLevels() {
    }

    public static int of(String bsn) {
        if (bsn.equals("slf4j.api") || bsn.startsWith("ch.qos.logback") || bsn.startsWith("org.apache.aries.spifly")) {
            return LOGGING;
        }
        if (bsn.equals("org.apache.felix.configadmin") || bsn.equals("org.apache.felix.scr")
                || bsn.startsWith("org.osgi.") || bsn.equals("parlance.api") || bsn.equals("parlance.dom4j")
                || bsn.equals("org.apache.felix.gogo.runtime")) {
            return RUNTIME;
        }
        if (bsn.equals("parlance.boot")) {
            return BOOT;
        }
        if (bsn.equals("parlance.stream") || bsn.startsWith("org.apache.felix.http")
                || bsn.equals("parlance.http")) {
            return LISTENERS;
        }
        if (bsn.equals("org.apache.felix.fileinstall") || shellOnly(bsn)) {
            return DEPLOYED;
        }
        return CORE;
    }

    /** The console shell, installed only with {@code -Dparlance.shell=true}. */
    public static boolean shellOnly(String bsn) {
        return bsn.equals("org.apache.felix.gogo.shell") || bsn.equals("org.apache.felix.gogo.command");
    }
}
