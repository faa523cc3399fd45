package parlance.launcher;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.launch.Framework;

/**
 * Drops the service use records that Felix keeps for uninstalled bundles, so that a bundle taken out of
 * {@code <home>/deploy/} leaves nothing behind (ARCHITECTURE, Hot deploy rules).
 *
 * <p>Felix 7.0.5 records each (consumer bundle, service) pair in {@code ServiceRegistry.m_inUseMap}. When a
 * singleton or bundle-scoped service is released to a use count of zero the record stays (Felix avoids a race with a
 * concurrent get), and when the consumer stops, {@code ServiceRegistry.ungetServices(Bundle)} skips records without a
 * service object instead of removing them. Such a record goes away only when the <em>service</em> is unregistered;
 * for services of core bundles (router, storage, ConfigurationAdmin) that is never. Its key is the uninstalled
 * {@code BundleImpl}, which holds the bundle's archive, revision, requirements and jar entry index: about 24 KB for
 * each removal of {@code parlance-muc.jar} (found with a heap dump: {@code Felix.m_registry.m_inUseMap} was the only
 * path to the old bundles; the class loaders themselves were released by FileInstall's refresh).
 *
 * <p>After each uninstallation this removes the records of uninstalled bundles whose use counts are all zero, which
 * is what Felix's own stop would do. A record still counting a use is left alone. The map is reached by reflection
 * into Felix; with another framework, or a Felix without these fields, the sweep is not installed and says so.
 */
final class ServiceUseSweep implements BundleListener {
    private final Map<Bundle, Object[]> inUse;
    private final Field count;

    private ServiceUseSweep(Map<Bundle, Object[]> inUse, Field count) {
        this.inUse = inUse;
        this.count = count;
    }

    /** Starts sweeping after every uninstallation; returns the sweep, or {@code null} if this framework has no such map. */
    static ServiceUseSweep install(Framework framework) {
        ServiceUseSweep sweep;
        try {
            sweep = of(framework);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("Parlance: cannot reach the framework's service use records (" + e
                    + "); a removed bundle may stay in memory");
            return null;
        }
        framework.getBundleContext().addBundleListener(sweep);
        return sweep;
    }

    @SuppressWarnings("unchecked")
    static ServiceUseSweep of(Framework framework) throws ReflectiveOperationException {
        Object registry = read(framework, "m_registry");
        Map<Bundle, Object[]> inUse = (Map<Bundle, Object[]>) read(registry, "m_inUseMap");
        Field count = Class.forName(registry.getClass().getName() + "$UsageCount", false,
                registry.getClass().getClassLoader()).getDeclaredField("m_count");
        count.setAccessible(true);
        return new ServiceUseSweep(inUse, count);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            sweep();
        }
    }

    /** Removes the released records of uninstalled bundles; returns how many bundles it let go of. */
    int sweep() {
        int released = 0;
        for (Map.Entry<Bundle, Object[]> e : inUse.entrySet()) {
            Bundle consumer = e.getKey();
            Object[] usages = e.getValue();
            // conditional remove: a record changed meanwhile is looked at again after the next uninstallation
            if (consumer.getState() == Bundle.UNINSTALLED && allReleased(usages) && inUse.remove(consumer, usages)) {
                released++;
            }
        }
        return released;
    }

    /** Whether a bundle still has a record in the registry (for tests). */
    boolean holds(Bundle consumer) {
        return inUse.containsKey(consumer);
    }

    private boolean allReleased(Object[] usages) {
        try {
            for (Object usage : usages) {
                if (((AtomicLong) count.get(usage)).get() > 0) {
                    return false;
                }
            }
            return true;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    private static Object read(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }
}
