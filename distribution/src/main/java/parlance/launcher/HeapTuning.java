package parlance.launcher;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Lets the heap give memory back after a collection. HotSpot's defaults keep up to 70 % of the committed heap free
 * after a GC ({@code MaxHeapFreeRatio=70}); for a server holding many idle connections that is most of its
 * resident memory per session. Both ratios are manageable flags, so they are lowered here at start (to keep at
 * most {@value #MAX_FREE} % free, at least {@value #MIN_FREE} %), unless the command line sets either: then the
 * operator's choice stands. G1 applies them when it sizes the heap after a full GC or a concurrent cycle's
 * remark; under load it grows the heap again as its pause and throughput goals need.
 */
final class HeapTuning {
    static final int MIN_FREE = 10;
    static final int MAX_FREE = 30;

    private HeapTuning() {
    }

    /** Applies the ratios; returns a line for the log, or {@code null} when nothing was changed. */
    static String apply() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String a : args) {
            if (a.startsWith("-XX:MinHeapFreeRatio") || a.startsWith("-XX:MaxHeapFreeRatio")) {
                return null;
            }
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            // the new minimum first: MaxHeapFreeRatio must never be below MinHeapFreeRatio
            hotspot.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE));
            hotspot.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE));
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "Heap free ratios left at the JVM defaults: " + e;
        }
    }
}
