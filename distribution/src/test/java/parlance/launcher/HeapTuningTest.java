package parlance.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The launcher lowers the heap free ratios, so idle memory goes back to the OS after a GC. */
class HeapTuningTest {
    @Test
    void theRatiosAreLoweredWhenTheCommandLineLeavesThemAlone() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assertNull(HeapTuning.apply(), "applied without complaint");
        assertEquals(Integer.toString(HeapTuning.MIN_FREE), hotspot.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(Integer.toString(HeapTuning.MAX_FREE), hotspot.getVMOption("MaxHeapFreeRatio").getValue());
    }
}
