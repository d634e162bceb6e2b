package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The used heap read from jcmd's GC.heap_info, as the collectors print it (copied from real output). */
class ServerSamplerTest {

    @Test
    void readsG1AndShenandoahHeapInfo() {
        assertEquals(650_240L, ServerSampler.heapUsedKb("""
                 garbage-first heap   total 1048576K, used 650240K [0x0000000080000000, 0x0000000100000000)
                  region size 1024K, 300 young (307200K), 10 survivors (10240K)"""));
        assertEquals(80_852L, ServerSampler.heapUsedKb("""
                Shenandoah Heap
                 2048M max, 2048M soft max, 384M committed, 80852K used"""));
        assertEquals(1_536L * 1024, ServerSampler.heapUsedKb("""
                Shenandoah Heap
                 2048M max, 2048M soft max, 2048M committed, 1536M used"""));
        assertNull(ServerSampler.heapUsedKb("Could not attach to 12345"));
    }

    @Test
    void sumsOverInstancesSkipWhatAnInstanceDidNotTell() {
        assertNull(ServerSampler.plus(null, null));
        assertEquals(5L, ServerSampler.plus(null, 5L));
        assertEquals(5L, ServerSampler.plus(5L, null));
        assertEquals(12L, ServerSampler.plus(5L, 7L));
    }
}
