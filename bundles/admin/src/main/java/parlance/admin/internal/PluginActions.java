package parlance.admin.internal;

import java.io.IOException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import parlance.admin.internal.Operations.OperationException;

/** The plugin buttons and API verbs: start, stop, uninstall, rollback; the message to show the administrator. */
final class PluginActions {
    private PluginActions() {
    }

    static String run(PluginManager plugins, long id, String action)
            throws OperationException, BundleException, IOException {
        Bundle b;
        switch (action == null ? "" : action) {
            case "start":
                b = plugins.start(id);
                return "Started " + b.getSymbolicName() + ": " + PluginManager.state(b) + ".";
            case "stop":
                b = plugins.stop(id);
                return "Stopped " + b.getSymbolicName() + ".";
            case "uninstall":
                b = plugins.uninstall(id);
                return "Uninstalled " + b.getSymbolicName() + ".";
            case "rollback":
                b = plugins.rollback(id);
                return "Rolled " + b.getSymbolicName() + " back to " + b.getVersion() + ".";
            default:
                throw new OperationException(400, "unknown action " + action);
        }
    }
}
